package raft.core;

import java.util.Arrays;

/**
 * Figure 2's leader state. nextIndex is advanced optimistically when entries are sent, so
 * a heartbeat never resends entries already in flight; a rejection moves it back.
 * commitSent records the leaderCommit last told to each follower, so a commit advance can
 * be pushed out without waiting for the next heartbeat.
 */
final class LeaderRole implements Role {
    final long[] nextIndex;
    final long[] matchIndex;
    final long[] commitSent;

    LeaderRole(int clusterSize, int self, long lastIndex) {
        nextIndex = new long[clusterSize];
        matchIndex = new long[clusterSize];
        commitSent = new long[clusterSize];
        Arrays.fill(nextIndex, lastIndex + 1);
        matchIndex[self] = lastIndex;
    }

    @Override
    public String name() {
        return "Leader";
    }
}
