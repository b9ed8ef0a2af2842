package raft.core;

import java.util.Set;
import java.util.TreeSet;

/** Distinct granted votes (or pre-votes) of one round, the node's own included; only voters count. */
final class VoteTally {
    private final Set<Integer> granted = new TreeSet<>();

    VoteTally(int self) {
        grant(self);
    }

    void grant(int voter) {
        granted.add(voter);
    }

    boolean isMajority(Membership config) {
        return Quorum.of(config, granted);
    }
}
