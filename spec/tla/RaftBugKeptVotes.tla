---------------------------- MODULE RaftBugKeptVotes ----------------------------
(* Bug: a candidate that times out again keeps the votes of its earlier term  *)
(* instead of starting over with its own. Needs two elections: votes given    *)
(* for term 1 elect it in term 2 beside the leader those voters chose there.  *)
EXTENDS MCRaft

BuggyTimeout(i) ==
    /\ state[i] \in {"Follower", "Candidate"}
    /\ TimeoutAllowed(i)
    /\ state' = [state EXCEPT ![i] = "Candidate"]
    /\ currentTerm' = [currentTerm EXCEPT ![i] = @ + 1]
    /\ votedFor' = [votedFor EXCEPT ![i] = i]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = @ \cup {i}]
    /\ UNCHANGED <<log, snapshotIndex, commitIndex, nextIndex, matchIndex, messages, committed>>
=============================================================================
