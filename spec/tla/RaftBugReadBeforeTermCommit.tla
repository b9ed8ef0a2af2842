---------------------- MODULE RaftBugReadBeforeTermCommit ----------------------
(* Bug: a new leader takes a read before it has committed an entry of its  *)
(* own term: its commit index may still lag entries its predecessor        *)
(* committed, so the read index misses them although a quorum confirms it. *)
EXTENDS MCRaftLeadership

BuggyReadIndex(i) ==
    /\ state[i] = "Leader"
    /\ ReadAllowed(i)
    /\ pendingRead[i] = NoRead
    /\ pendingRead' = [pendingRead EXCEPT ![i] =
          [id |-> readCount + 1, term |-> currentTerm[i], index |-> commitIndex[i],
           floor |-> MaxCommittedIndex, acks |-> {i}]]
    /\ readCount' = readCount + 1
    /\ UNCHANGED <<vars, electionVars, answeredReads>>
=============================================================================
