------------------------- MODULE RaftBugTruncateOnMatch -------------------------
(* Bug: a follower replaces everything after prevLogIndex with the request's *)
(* entries, even when they already match. A stale, reordered AppendEntries  *)
(* then cuts off entries that a newer one appended and that may be committed.*)
EXTENDS MCRaft

BuggyHandleAppendEntriesRequest(i, j, m) ==
    /\ m.mtype = "AppendEntries"
    /\ m.mterm <= currentTerm[i]
    /\ IF m.mterm = currentTerm[i] /\ state[i] # "Leader" /\ PrevLogMatches(i, m)
       THEN AcceptAppendEntries(i, j, m, SubSeq(log[i], 1, m.mprevLogIndex) \o m.mentries)
       ELSE RejectAppendEntries(i, j, m)
=============================================================================
