--------------------------- MODULE MCRaftLeadership ---------------------------
(***************************************************************************)
(* Bounds and reductions for model checking RaftLeadership with TLC, on   *)
(* top of MCRaft's: MaxTerm bounds the pre-vote elections (through       *)
(* TimeoutAllowed), transfers add one term; Never leaves actions out.     *)
(***************************************************************************)
EXTENDS MCRaft, RaftLeadership

CONSTANTS MaxReads,     \* reads taken in all
          Campaigners   \* the servers whose election timer may fire (a scenario guide)

MCReadAllowed(i) == readCount < MaxReads
\* Each leader appends one entry of its term: the no-op on election.
MCNoopOnly(i) == MCClientRequestAllowed(i) /\ LastTerm(log[i]) # currentTerm[i]
\* Pre-vote elections only by Campaigners: all servers in a symmetric model.
MCCampaignAllowed(i) == i \in Campaigners /\ MCTimeoutAllowed(i)
MCPreVoteAllowed(i) == i \in Campaigners
\* A model leaves a feature out by overriding its actions or switches with this.
Never(i) == FALSE
\* With fewer Campaigners, the others stay interchangeable.
MCCampaignSymmetry == Permutations(Server \ Campaigners)
\* Transfers only out of the last term pre-vote elections reach: a transfer
\* election then goes one term beyond MaxTerm.
MCTransferAllowed(i) == currentTerm[i] = MaxTerm

\* MCView plus this module's state where an enabled action can read it:
\* pre-votes of PreCandidates, check-quorum and transfer state of leaders,
\* the transfer flag of candidates. answeredReads stays: ReadIndexSafety
\* reads it, and a VIEW that merged two states would check only one.
MCLeadershipView ==
    <<MCView,
      [i \in Server |-> IF state[i] = "PreCandidate" THEN preVotesGranted[i] ELSE {}],
      [i \in Server |-> state[i] = "Follower" /\ heardFromLeader[i]],
      [i \in Server |-> IF state[i] = "Leader" THEN <<recentlyActive[i], transferTarget[i]>> ELSE <<>>],
      [i \in Server |-> state[i] = "Candidate" /\ transferElection[i]],
      pendingRead, readCount, answeredReads>>
=============================================================================
