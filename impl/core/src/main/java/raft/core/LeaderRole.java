package raft.core;

import java.util.Arrays;

/**
 * Figure 2's leader state. nextIndex is advanced optimistically when entries are sent, so
 * a heartbeat never resends entries already in flight; a rejection moves it back.
 * commitSent records the leaderCommit last told to each follower, so a commit advance can
 * be pushed out without waiting for the next heartbeat. ticksSinceHeard feeds check-quorum;
 * transfer is the leadership transfer in progress, or null.
 */
final class LeaderRole implements Role {
    final long[] nextIndex;
    final long[] matchIndex;
    final long[] commitSent;
    final int[] ticksSinceHeard;
    private final int self;
    LeaderTransfer transfer;

    LeaderRole(int clusterSize, int self, long lastIndex) {
        this.self = self;
        nextIndex = new long[clusterSize];
        matchIndex = new long[clusterSize];
        commitSent = new long[clusterSize];
        ticksSinceHeard = new int[clusterSize];
        Arrays.fill(nextIndex, lastIndex + 1);
        matchIndex[self] = lastIndex;
    }

    /** One tick for check-quorum; true while a majority (self included) was heard within window ticks. */
    boolean tickQuorum(int window) {
        int active = 1;
        for (int p = 0; p < ticksSinceHeard.length; p++) {
            if (p != self && ++ticksSinceHeard[p] < window) {
                active++;
            }
        }
        return active * 2 > ticksSinceHeard.length;
    }

    @Override
    public String name() {
        return "Leader";
    }
}
