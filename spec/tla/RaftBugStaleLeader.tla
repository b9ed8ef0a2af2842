--------------------------- MODULE RaftBugStaleLeader ---------------------------
(* Bug: a follower accepts AppendEntries from a leader of an older term (the  *)
(* term check of rule 1 compares with <= instead of =). Needs two elections:  *)
(* the deposed leader of term 1 overwrites what the leader of term 2 committed.*)
EXTENDS MCRaft

BuggyHandleAppendEntriesRequest(i, j, m) ==
    /\ m.mtype = "AppendEntries"
    /\ m.mterm <= currentTerm[i]
    /\ IF m.mterm <= currentTerm[i] /\ state[i] # "Leader" /\ PrevLogMatches(i, m)
       THEN AcceptAppendEntries(i, j, m, AppendedLog(i, m))
       ELSE RejectAppendEntries(i, j, m)
=============================================================================
