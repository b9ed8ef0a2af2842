--------------------------- MODULE RaftBugNoLogCheck ---------------------------
(* Bug: a voter grants its vote without checking that the candidate's log   *)
(* is at least as up-to-date as its own (section 5.4.1).                    *)
EXTENDS MCRaft

BuggyHandleRequestVoteRequest(i, j, m) ==
    /\ m.mtype = "RequestVote"
    /\ m.mterm <= currentTerm[i]
    /\ ReplyVote(i, j, m, /\ m.mterm = currentTerm[i]
                          /\ votedFor[i] \in {Nil, j})
=============================================================================
