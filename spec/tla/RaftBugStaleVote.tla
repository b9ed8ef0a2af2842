---------------------------- MODULE RaftBugStaleVote ----------------------------
(* Bug: a candidate counts a granted vote from a reply of an older term,     *)
(* a vote that was given to its earlier candidacy.                          *)
EXTENDS MCRaft

BuggyHandleRequestVoteReply(i, j, m) ==
    /\ m.mtype = "RequestVoteReply"
    /\ m.mterm <= currentTerm[i]
    /\ state[i] = "Candidate"
    /\ votesGranted' = [votesGranted EXCEPT ![i] =
                          IF m.mvoteGranted THEN @ \cup {j} ELSE @]
    /\ Discard(m)
    /\ UNCHANGED <<persistentVars, state, commitIndex, nextIndex, matchIndex, committed>>
=============================================================================
