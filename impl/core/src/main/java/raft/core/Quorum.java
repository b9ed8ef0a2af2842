package raft.core;

import java.util.Collection;

/** Majorities of the voters: learners, and ids outside the configuration, count toward none. */
final class Quorum {
    private Quorum() {}

    static boolean of(Membership config, Collection<Integer> ids) {
        int n = 0;
        for (int id : ids) {
            if (config.isVoter(id)) {
                n++;
            }
        }
        return n * 2 > config.voters().size();
    }
}
