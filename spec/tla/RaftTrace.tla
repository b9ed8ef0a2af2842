------------------------------ MODULE RaftTrace ------------------------------
(***************************************************************************)
(* Trace validation: accepts a trace of the Java core (raft.core.Tracer)  *)
(* only if it is a behaviour of RaftLeadership.tla (Raft.tla with         *)
(* pre-vote, check-quorum and leadership transfer). Each step of this     *)
(* spec takes the next event of TraceLog, performs the action the event   *)
(* names (event X of a Raft action is checked as RaftLeadership's LX),    *)
(* and requires the acting server's state afterwards to be the state the  *)
(* event recorded. TLC runs it breadth-first with one worker, checking    *)
(* deadlock. The trace is valid when TLC finishes without error at depth  *)
(* Len(TraceLog) + 1 (past the last event the spec only stutters); it is  *)
(* invalid when TLC finds a deadlock: the state it ends in is the state   *)
(* before the first event the spec forbids. (Reporting success as an      *)
(* invariant violation would make TLC print the whole trace: minutes for  *)
(* thousands of events.)                                                  *)
(*                                                                         *)
(* TraceSticky (written into TraceLog from the core's RaftConfig) says    *)
(* whether the core had leader stickiness on (pre-vote or check-quorum). *)
(* Without it the core is plain Raft: a vote request is handled as Raft's *)
(* HandleRequestVoteRequest and UpdateTerm, which stickiness would refuse.*)
(* Timeout (Raft's election without pre-vote, the core's path when        *)
(* pre-vote is off) is LTimeout below.                                    *)
(*                                                                         *)
(* What the trace does not show is left free, as the spec allows it:      *)
(* - the network duplicates and loses messages: messages stay in the bag  *)
(*   (a later duplicate delivery is a DuplicateMessage), lost ones are    *)
(*   simply never received;                                               *)
(* - nextIndex is not traced (the core backs up with conflict hints), so  *)
(*   a leader may send AppendEntries from any prefix of its log and with  *)
(*   as many entries as it chooses (the core caps a batch), and it may    *)
(*   send its snapshot whenever it has one;                               *)
(* - a snapshot's data: the core's InstallSnapshot carries the service's  *)
(*   bytes, the spec's the terms of the entries they cover (mdata), so a  *)
(*   traced InstallSnapshot is matched on every field but mdata;          *)
(* - how far a leader commits at once: any index a quorum holds, of its   *)
(*   term (TraceAdvanceCommitIndex), not only the highest; the core counts *)
(*   its own entries once they are durable, a real disk may lag.          *)
(* - the target of TransferLeadership: the event does not carry it, so    *)
(*   it is read off the leader's SendTimeoutNow of that transfer, later   *)
(*   in the trace (TraceTransferTarget). A core that sent TimeoutNow to   *)
(*   another server than the one asked for is therefore not caught. (Not  *)
(*   a choice among all servers: TLC would report the wrong choices as    *)
(*   deadlocks, i.e. as an invalid trace.)                                *)
(* - reads: a core read round (any number of client reads sharing one   *)
(*   confirmation) is one spec read. The core numbers rounds per leader   *)
(*   and term, the spec globally (readCount); TlaTraceWriter renumbers    *)
(*   the rounds in the order of their ReadIndex events, which is the      *)
(*   spec's order, so mread is checked exactly. The core refuses a round  *)
(*   when its leader steps down, the spec keeps it (pendingRead): the     *)
(*   trace then simply never answers it, and BecomeLeader clears it. Who  *)
(*   asked for a read, lease reads (answered with no round) and follower  *)
(*   reads are not modelled: a ReadIndexRequest or ReadIndexReply shows   *)
(*   only when its term raises the receiver's (FollowerReadTypes below).  *)
(* RaftLeadership's other variables (preVotesGranted, heardFromLeader,    *)
(* recentlyActive, transferElection) are not traced but not free either:  *)
(* each is determined by the events before, and the grants, refusals and  *)
(* check-quorum outcomes the core traces must agree with them.            *)
(*                                                                         *)
(* Besides the state each event records, every state along the trace must *)
(* satisfy Raft's safety properties (RaftTrace.cfg), in the incremental   *)
(* forms of TraceSteps.tla: only the acting server's state changes in a  *)
(* step. Membership changes are checked as such by RaftMembershipTrace.tla;*)
(* here (a real cluster's trace, say) a configuration entry is an entry of *)
(* the leader's term and a removed leader's step-down a StepDown.          *)
(***************************************************************************)
EXTENDS RaftLeadership, TraceSteps

traceVars == <<allVars, l>>

TraceInit ==
    /\ LeadershipInit
    /\ l = 1

\* A follower read's messages (the core's ReadIndexRequest and ReadIndexReply)
\* have no action in the spec; they appear in a trace only when their term
\* raises the receiver's (UpdateTerm). Such a message is taken as sent if its
\* sender has reached its term: the one check possible without the send.
FollowerReadTypes == {"ReadIndexRequest", "ReadIndexReply"}

\* The message in the bag that the traced message t is.
InBag(t) ==
    CASE t.mtype = "InstallSnapshot" -> {m \in DOMAIN messages : IsSnapshotRequest(m, t)}
      [] t.mtype \in FollowerReadTypes -> IF t.mterm <= currentTerm[t.msource] THEN {t} ELSE {}
      [] OTHER -> {t} \cap DOMAIN messages

TraceAppendEntries(i, t) ==
    SendsEntries(i, t) /\ UNCHANGED <<persistentVars, volatileVars, committed, electionVars, readVars>>

TraceAdvanceCommitIndex(i, n) == CommitsTo(i, n) /\ UNCHANGED <<electionVars, readVars>>

TraceInstallSnapshot(i, t) == SendsSnapshot(i, t) /\ LInstallSnapshot(i, t.mdest)

Received(e, Handler(_, _, _)) == ReceivedFrom(e, InBag(e.msg), Handler)

\* Raft's election without pre-vote (the core with pre-vote off): Figure 2's
\* Timeout; like BecomeCandidate, it forgets the leader it heard from.
LTimeout(i) ==
    /\ Timeout(i)
    /\ transferElection' = [transferElection EXCEPT ![i] = FALSE]
    /\ heardFromLeader' = [heardFromLeader EXCEPT ![i] = FALSE]
    /\ UNCHANGED <<preVotesGranted, recentlyActive, transferTarget, readVars>>

\* Without stickiness in the core, a vote request is plain Raft's.
TraceUpdateTerm(i, j, m) ==
    IF TraceSticky THEN LUpdateTerm(i, m)
    ELSE UpdateTerm(i, m) /\ UNCHANGED <<electionVars, readVars>>
TraceHandleRequestVoteRequest(i, j, m) ==
    IF TraceSticky THEN LHandleRequestVoteRequest(i, j, m)
    ELSE HandleRequestVoteRequest(i, j, m) /\ UNCHANGED <<electionVars, readVars>>
\* The core drops a ReadHeartbeatReply of an older term as stale; the spec's
\* HandleReadHeartbeatReply takes it and acknowledges nothing with it.
LDropStaleOn(i, j, m) ==
    IF m.mtype = "ReadHeartbeatReply" THEN HandleReadHeartbeatReply(i, j, m)
    ELSE LDropStaleReply(i, m)

\* The target of the TransferLeadership at event k: the destination of the
\* leader's next SendTimeoutNow, if that comes before anything that ends the
\* transfer. A transfer that sends none may have had any target: no later
\* step reads it.
TransferEnds(k) ==
    {n \in k + 1 .. Len(TraceLog) :
        /\ TraceLog[n].node = TraceLog[k].node
        /\ TraceLog[n].action \in {"SendTimeoutNow", "TransferTimeout", "TransferLeadership", "BecomeLeader", "Restart"}}
TraceTransferTarget(k) ==
    LET ends == TransferEnds(k)
    IN IF ends # {} /\ TraceLog[Min(ends)].action = "SendTimeoutNow"
       THEN TraceLog[Min(ends)].msg.mdest
       ELSE CHOOSE j \in Server : j # TraceLog[k].node

\* Membership changes in a terms-only log (see the header).
TraceAddLearner(i) == LClientRequest(i)
TracePromoteLearner(i) == LClientRequest(i)
TraceRemoveServer(i) == LClientRequest(i)
TraceStepDownRemoved(i) == StepDown(i)

TakeEvent(e) ==
    LET i == e.node
        a == e.action
    IN CASE a = "Restart" -> LRestart(i)
         [] a = "Timeout" -> LTimeout(i)
         [] a = "RequestVote" -> Sent(e, LRequestVote)
         [] a = "BecomeLeader" -> LBecomeLeader(i)
         [] a = "ClientRequest" -> LClientRequest(i)
         [] a = "AdvanceCommitIndex" -> TraceAdvanceCommitIndex(i, e.commitIndex)
         [] a = "AppendEntries" -> TraceAppendEntries(i, e.msg)
         [] a = "InstallSnapshot" -> TraceInstallSnapshot(i, e.msg)
         [] a = "Snapshot" -> LSnapshot(i, e.snapshotIndex)
         [] a = "UpdateTerm" -> Received(e, TraceUpdateTerm)
         [] a = "HandleRequestVoteRequest" -> Received(e, TraceHandleRequestVoteRequest)
         [] a = "HandleRequestVoteReply" -> Received(e, LHandleRequestVoteReply)
         [] a = "HandleAppendEntriesRequest" -> Received(e, LHandleAppendEntriesRequest)
         [] a = "HandleAppendEntriesReply" -> Received(e, LHandleAppendEntriesReply)
         [] a = "HandleInstallSnapshotRequest" -> Received(e, LHandleInstallSnapshotRequest)
         [] a = "HandleInstallSnapshotReply" -> Received(e, LHandleInstallSnapshotReply)
         [] a = "DropStaleReply" -> Received(e, LDropStaleOn)
         [] a = "PreVoteTimeout" -> PreVoteTimeout(i)
         [] a = "RequestPreVote" -> Sent(e, RequestPreVote)
         [] a = "HandlePreVoteRequest" -> Received(e, HandlePreVoteRequest)
         [] a = "HandlePreVoteReply" -> Received(e, HandlePreVoteReply)
         [] a = "BecomeCandidate" -> BecomeCandidate(i)
         [] a = "CheckQuorum" -> CheckQuorum(i)
         [] a = "StepDown" -> StepDown(i)
         [] a = "TransferLeadership" -> TransferLeadership(i, TraceTransferTarget(l))
         [] a = "SendTimeoutNow" -> SendTimeoutNow(i) /\ e.msg.mdest = transferTarget[i] /\ e.msg \in DOMAIN messages'
         [] a = "TransferTimeout" -> TransferTimeout(i)
         [] a = "HandleTimeoutNow" -> Received(e, HandleTimeoutNow)
         [] a = "RequestTransferVote" -> Sent(e, RequestTransferVote)
         [] a = "ReadIndex" -> ReadIndex(i)
         [] a = "SendReadHeartbeat" -> Sent(e, SendReadHeartbeat)
         [] a = "HandleReadHeartbeatRequest" -> Received(e, HandleReadHeartbeatRequest)
         [] a = "HandleReadHeartbeatReply" -> Received(e, HandleReadHeartbeatReply)
         [] a = "AnswerRead" -> AnswerRead(i)
         [] a = "AddLearner" -> TraceAddLearner(i)
         [] a = "PromoteLearner" -> TracePromoteLearner(i)
         [] a = "RemoveServer" -> TraceRemoveServer(i)
         [] a = "StepDownRemoved" -> TraceStepDownRemoved(i)
         [] OTHER -> FALSE

TraceNext ==
    \/ /\ l <= Len(TraceLog)
       /\ TakeEvent(TraceLog[l])
       /\ StateMatches(TraceLog[l])
       /\ l' = l + 1
    \/ /\ l > Len(TraceLog)
       /\ UNCHANGED traceVars

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

=============================================================================
