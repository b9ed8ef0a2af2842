package raft.core;

import java.util.Arrays;

/**
 * Figure 2's leader state. nextIndex is advanced optimistically when entries are sent, so
 * a heartbeat never resends entries already in flight; a rejection moves it back.
 * commitSent records the leaderCommit last told to each follower, so a commit advance can
 * be pushed out without waiting for the next heartbeat. recentlyActive: the followers whose
 * AppendEntries/InstallSnapshot replies arrived since the last check-quorum (and checkElapsed
 * the ticks since it); transfer is the leadership transfer in progress, or null;
 * reads: the read requests (ReadIndex) and lease.
 */
final class LeaderRole implements Role {
    final long[] nextIndex;
    final long[] matchIndex;
    final long[] commitSent;
    final boolean[] recentlyActive;
    int checkElapsed;
    private final int self;
    LeaderTransfer transfer;
    final ReadRounds reads = new ReadRounds();

    LeaderRole(int clusterSize, int self, long lastIndex) {
        this.self = self;
        nextIndex = new long[clusterSize];
        matchIndex = new long[clusterSize];
        commitSent = new long[clusterSize];
        recentlyActive = new boolean[clusterSize];
        recentlyActive[self] = true;
        Arrays.fill(nextIndex, lastIndex + 1);
        matchIndex[self] = lastIndex;
    }

    /** Check-quorum: were a majority (self included) active since the last check? Starts a new period. */
    boolean quorumActiveThenReset() {
        int active = 0;
        for (int p = 0; p < recentlyActive.length; p++) {
            if (recentlyActive[p]) {
                active++;
            }
            recentlyActive[p] = p == self;
        }
        return active * 2 > recentlyActive.length;
    }

    @Override
    public String name() {
        return "Leader";
    }
}
