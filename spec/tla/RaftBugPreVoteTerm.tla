-------------------------- MODULE RaftBugPreVoteTerm --------------------------
(* Bug: the generic "a message with a higher term: adopt it" rule is also  *)
(* applied to PreVote messages, so a pre-vote raises the voter's term (and *)
(* a node cut off by a partition would depose a healthy leader on return). *)
EXTENDS MCRaftLeadership

BuggyLUpdateTerm(i, m) ==
    /\ ~(m.mtype = "RequestVote" /\ Sticky(i, m))
    /\ UpdateTerm(i, m)
    /\ UNCHANGED <<electionVars, readVars>>
=============================================================================
