package raft.core;

/**
 * A candidate counts distinct granted votes, its own included. transfer: the election was
 * started by TimeoutNow, so its RequestVotes override leader stickiness (never the log check).
 */
final class CandidateRole implements Role {
    final VoteTally votes;
    final boolean transfer;

    CandidateRole(int self, boolean transfer) {
        votes = new VoteTally(self);
        this.transfer = transfer;
    }

    @Override
    public String name() {
        return "Candidate";
    }
}
