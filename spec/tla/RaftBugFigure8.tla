---------------------------- MODULE RaftBugFigure8 ----------------------------
(* Bug: a leader commits an entry of an earlier term by counting replicas,  *)
(* the situation of the paper's Figure 8. Only the term check is missing.   *)
(* The interleaving needs four elections, beyond an exhaustive search on two *)
(* cores: the cfg guides it (MCAlternateTimeoutAllowed, see MCRaftFigure8).  *)
EXTENDS MCRaft

BuggyAdvanceCommitIndex(i) ==
    /\ state[i] = "Leader"
    /\ LET ok == {n \in commitIndex[i] + 1 .. Len(log[i]) : Agree(i, n) \in Quorum}
       IN /\ ok # {}
          /\ CommitTo(i, Max(ok))
=============================================================================
