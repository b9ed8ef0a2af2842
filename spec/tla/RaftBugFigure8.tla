---------------------------- MODULE RaftBugFigure8 ----------------------------
(* Bug: a leader commits an entry of an earlier term by counting replicas,  *)
(* the situation of the paper's Figure 8. Only the term check is missing.   *)
EXTENDS MCRaft

CONSTANT Owner  \* term -> the only server that may time out into it

BuggyAdvanceCommitIndex(i) ==
    /\ state[i] = "Leader"
    /\ LET ok == {n \in commitIndex[i] + 1 .. Len(log[i]) : Agree(i, n) \in Quorum}
       IN /\ ok # {}
          /\ CommitTo(i, Max(ok))

\* Scenario guide: the Figure 8 interleaving needs four elections, beyond an
\* exhaustive search on two cores, so each term has one possible candidate
\* (Owner) and every other choice stays open to TLC.
Figure8TimeoutAllowed(i) ==
    /\ currentTerm[i] + 1 \in DOMAIN Owner
    /\ Owner[currentTerm[i] + 1] = i
Figure8Owner == (1 :> "s1") @@ (2 :> "s3") @@ (3 :> "s1") @@ (4 :> "s3")
=============================================================================
