------------------------- MODULE RaftBugReadNoConfirm -------------------------
(* Bug: the leader answers a read at its commit index without the round of *)
(* heartbeats that confirms it still leads: a deposed leader that has not   *)
(* heard of its successor answers without what the successor committed.   *)
EXTENDS MCRaftLeadership

BuggyAnswerRead(i) ==
    /\ pendingRead[i] # NoRead
    /\ answeredReads' = answeredReads \cup {[index |-> pendingRead[i].index, floor |-> pendingRead[i].floor]}
    /\ pendingRead' = [pendingRead EXCEPT ![i] = NoRead]
    /\ UNCHANGED <<vars, electionVars, readCount>>
=============================================================================
