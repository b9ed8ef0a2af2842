---------------------- MODULE RaftBugLeaderCountsUndurable ----------------------
(* Bug: the leader counts its own entries towards a commit quorum before they *)
(* are on its disk (Raft.tla's Agree, which takes every log as durable), while *)
(* it writes its log in parallel with replication. It commits an entry held   *)
(* durably by one follower only, crashes and loses it; the other follower,    *)
(* which never had it, is elected without it (LeaderCompleteness).           *)
EXTENDS MCRaftLeaderDisk

BuggyDurableAgree(i, n) == Agree(i, n)
=============================================================================
