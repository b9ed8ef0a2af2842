package raft.core;

/** A candidate counts distinct granted votes, its own included. */
final class CandidateRole implements Role {
    final VoteTally votes;

    CandidateRole(int clusterSize, int self) {
        votes = new VoteTally(clusterSize, self);
    }

    @Override
    public String name() {
        return "Candidate";
    }
}
