------------------------- MODULE RaftBugLearnerQuorum -------------------------
(* Bug: learners are counted toward quorums (the count runs over all members  *)
(* and is compared with a majority of the voters): a leader of {s1,s2,s3} with *)
(* the learner s4 commits on {s1,s4}, which s2 and s3 can elect a leader past.*)
EXTENDS MCRaftMembership

BuggyIsQuorum(i, Q) == Cardinality(Q \cap Members(ConfigAt(i))) * 2 > Cardinality(Voters(i))
=============================================================================
