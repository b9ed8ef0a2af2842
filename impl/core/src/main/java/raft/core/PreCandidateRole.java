package raft.core;

/**
 * Pre-vote (thesis 9.6): a follower whose election timer fired asks whether it could win
 * an election in term {@code term} (its current term + 1) before raising its own term.
 * A new round starts with a fresh tally; only grants naming this round's term count,
 * so a late grant from before a term change, or a pre-vote reply reaching a real
 * candidate, is never mistaken for a vote.
 */
final class PreCandidateRole implements Role {
    final long term;
    final VoteTally preVotes;

    PreCandidateRole(int self, long term) {
        this.term = term;
        this.preVotes = new VoteTally(self);
    }

    @Override
    public String name() {
        return "PreCandidate";
    }
}
