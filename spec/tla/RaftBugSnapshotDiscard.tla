------------------------- MODULE RaftBugSnapshotDiscard -------------------------
(* Bug: a follower that installs a snapshot discards its whole log, even the  *)
(* entries after the snapshot's last included entry that match the leader's   *)
(* (Figure 13, rule 6 says to retain them). A restarted follower (commitIndex  *)
(* back at its snapshot) that receives a delayed InstallSnapshot then drops   *)
(* an entry the leader counted as replicated and committed.                   *)
EXTENDS MCRaft

BuggyInstalledLog(i, m) == m.mdata
=============================================================================
