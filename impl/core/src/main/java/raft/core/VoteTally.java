package raft.core;

/** Distinct granted votes (or pre-votes) of one round, the node's own included. */
final class VoteTally {
    private final boolean[] granted;
    private int count;

    VoteTally(int clusterSize, int self) {
        granted = new boolean[clusterSize];
        grant(self);
    }

    void grant(int voter) {
        if (!granted[voter]) {
            granted[voter] = true;
            count++;
        }
    }

    boolean isMajority() {
        return count * 2 > granted.length;
    }
}
