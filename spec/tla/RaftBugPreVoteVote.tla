-------------------------- MODULE RaftBugPreVoteVote --------------------------
(* Bug: a voter that grants a pre-vote records it as its vote (votedFor),  *)
(* although the pre-candidate has not started an election.                 *)
EXTENDS MCRaftLeadership

BuggyHandlePreVoteRequest(i, j, m) ==
    /\ m.mtype = "PreVote"
    /\ LET grant == /\ m.mterm > currentTerm[i]
                    /\ LogUpToDate(i, m)
                    /\ ~Sticky(i, m)
       IN /\ votedFor' = [votedFor EXCEPT ![i] = IF grant THEN j ELSE @]
          /\ Reply([mtype |-> "PreVoteReply", mterm |-> IF grant THEN m.mterm ELSE currentTerm[i],
                    mvoteGranted |-> grant, msource |-> i, mdest |-> j], m)
    /\ UNCHANGED <<currentTerm, log, volatileVars, committed, electionVars, readVars>>
=============================================================================
