--------------------- MODULE RaftBugConfigBeforeTermCommit ---------------------
(* Bug: the single-server change algorithm as first published (2014): a new   *)
(* leader may append a configuration entry before it has committed an entry of *)
(* its term. From {s1,s2,s3,s4}: s1 (term 1) appends {s1,s3,s4} and keeps it;  *)
(* s2 (term 2) appends {s2,s3,s4} and commits it on {s2,s3}; s1 is then        *)
(* elected in term 3 by {s1,s4}, a majority of its own configuration, without  *)
(* the committed entry. The two configurations are each one change from the  *)
(* committed one but two apart, and their majorities are disjoint.            *)
EXTENDS MCRaftMembership

BuggyTermEntryCommitted(i) == TRUE
=============================================================================
