--------------------------- MODULE MCRaftLeadership ---------------------------
(***************************************************************************)
(* Bounds and reductions for model checking RaftLeadership with TLC, on   *)
(* top of MCRaft's (MaxTerm bounds PreVoteTimeout and every election).    *)
(***************************************************************************)
EXTENDS MCRaft, RaftLeadership

CONSTANT MaxReads   \* reads taken in all

MCReadAllowed(i) == readCount < MaxReads
\* Transfers only out of the last term pre-vote elections reach: a transfer
\* election then goes one term beyond MaxTerm.
MCTransferAllowed(i) == currentTerm[i] = MaxTerm
NoTransfer(i) == FALSE
NoReads(i) == FALSE

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
