----------------------- MODULE RaftBugTransferNoLogCheck -----------------------
(* Bug: a voter grants a transfer's RequestVote (mtransfer) without the     *)
(* up-to-date log check: the transfer overrides stickiness, and here the    *)
(* log check too. A TimeoutNow sent before the leader appended (and         *)
(* committed) more entries then elects a target that lacks them.           *)
EXTENDS MCRaftLeadership

BuggyLHandleRequestVoteRequest(i, j, m) ==
    /\ CASE m.mtype = "RequestVote" /\ Sticky(i, m) -> ReplyVote(i, j, m, FALSE)
         [] m.mtype = "RequestVote" /\ IsTransferVote(m) ->
                /\ m.mterm <= currentTerm[i]
                /\ ReplyVote(i, j, m, m.mterm = currentTerm[i] /\ votedFor[i] \in {Nil, j})
         [] OTHER -> HandleRequestVoteRequest(i, j, m)
    /\ UNCHANGED <<electionVars, readVars>>
=============================================================================
