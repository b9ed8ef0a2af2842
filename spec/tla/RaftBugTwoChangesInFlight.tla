----------------------- MODULE RaftBugTwoChangesInFlight -----------------------
(* Bug: a leader appends a configuration entry while its previous one is      *)
(* uncommitted. From {s1,s2,s3}: the leader s2 of term 1 commits its no-op,   *)
(* removes s1 and at once s3, and commits alone in {s2}; s3, still using      *)
(* {s1,s2,s3}, is elected in term 2 by {s1,s3} without those entries.         *)
EXTENDS MCRaftMembership

BuggyNoChangeInFlight(i) == TRUE
=============================================================================
