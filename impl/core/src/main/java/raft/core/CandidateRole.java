package raft.core;

/** A candidate counts distinct granted votes, its own included. */
final class CandidateRole implements Role {
    private final boolean[] granted;
    private int count;

    CandidateRole(int clusterSize, int self) {
        granted = new boolean[clusterSize];
        grant(self);
    }

    void grant(int voter) {
        if (!granted[voter]) {
            granted[voter] = true;
            count++;
        }
    }

    int votes() {
        return count;
    }

    @Override
    public String name() {
        return "Candidate";
    }
}
