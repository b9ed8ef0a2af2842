-------------------------- MODULE RaftBugVotedForLost --------------------------
(* Bug: votedFor is kept in volatile memory only, so a restart forgets the  *)
(* vote and the server may vote again in the same term.                     *)
EXTENDS MCRaft

BuggyRestart(i) ==
    /\ state' = [state EXCEPT ![i] = "Follower"]
    /\ votedFor' = [votedFor EXCEPT ![i] = Nil]
    /\ commitIndex' = [commitIndex EXCEPT ![i] = snapshotIndex[i]]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {}]
    /\ nextIndex' = [nextIndex EXCEPT ![i] = [j \in Server |-> 1]]
    /\ matchIndex' = [matchIndex EXCEPT ![i] = [j \in Server |-> 0]]
    /\ UNCHANGED <<currentTerm, log, snapshotIndex, messages, committed>>
=============================================================================
