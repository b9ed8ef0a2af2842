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
(* forms below: only the acting server's state changes in a step.         *)
(***************************************************************************)
EXTENDS RaftLeadership, TraceLog

VARIABLE l   \* the index in TraceLog of the next event to take

traceVars == <<allVars, l>>

TraceNone == [mtype |-> "None"]
TVote(v) == IF v = -1 THEN Nil ELSE v

\* Messages are never removed: a message received once may be delivered again.
TraceWithoutMessage(m, msgs) == msgs

TraceInit ==
    /\ LeadershipInit
    /\ l = 1

\* The acting server's state after the step is the one the event recorded. The
\* event gives the log as a change against the server's previous event: entries
\* before logFrom (and after the snapshot) are as they were, from logFrom on they
\* are logSuffix.
StateMatches(e) ==
    LET i == e.node
        lg == log'[i]
    IN /\ currentTerm'[i] = e.term
       /\ state'[i] = e.role
       /\ votedFor'[i] = TVote(e.votedFor)
       /\ commitIndex'[i] = e.commitIndex
       /\ snapshotIndex'[i] = e.snapshotIndex
       /\ Len(lg) = e.logLen
       /\ IF e.logFrom - 1 > e.snapshotIndex
          THEN /\ Len(log[i]) >= e.logFrom - 1
               /\ SubSeq(lg, e.snapshotIndex + 1, e.logFrom - 1) = SubSeq(log[i], e.snapshotIndex + 1, e.logFrom - 1)
          ELSE TRUE
       /\ SubSeq(lg, e.logFrom, Len(lg)) = e.logSuffix
       \* IF, not \/: TLC explores both sides of a disjunction in an action.
       /\ IF e.snapshotIndex = 0 THEN TRUE ELSE lg[e.snapshotIndex] = e.snapshotTerm

\* The InstallSnapshot in the bag that the traced one t is: equal but for mdata.
IsSnapshotRequest(m, t) ==
    /\ m.mtype = "InstallSnapshot"
    /\ m.msource = t.msource /\ m.mdest = t.mdest /\ m.mterm = t.mterm
    /\ m.mlastIncludedIndex = t.mlastIncludedIndex /\ m.mlastIncludedTerm = t.mlastIncludedTerm

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

\* The leader sends the traced AppendEntries if it agrees with its own log.
TraceAppendEntries(i, t) ==
    /\ state[i] = "Leader"
    /\ t.msource = i /\ t.mterm = currentTerm[i]
    /\ t.mprevLogIndex \in snapshotIndex[i] .. Len(log[i])
    /\ t.mprevLogTerm = IF t.mprevLogIndex = 0 THEN 0 ELSE log[i][t.mprevLogIndex]
    /\ t.mprevLogIndex + Len(t.mentries) <= Len(log[i])
    /\ t.mentries = SubSeq(log[i], t.mprevLogIndex + 1, t.mprevLogIndex + Len(t.mentries))
    /\ t.mcommitIndex = commitIndex[i]
    /\ Send(t)
    /\ UNCHANGED <<persistentVars, volatileVars, committed, electionVars, readVars>>

\* The core counts the leader's own entries towards a quorum only once they are
\* durable, and a real leader's fsync may end after followers have acknowledged:
\* it may then commit less than Raft.tla's Max(ok), n below, and the rest at a
\* later step. Any n the quorum agrees on, of the leader's term, is as safe.
TraceAdvanceCommitIndex(i, n) ==
    /\ state[i] = "Leader"
    /\ n \in commitIndex[i] + 1 .. Len(log[i])
    /\ IsQuorum(i, Agree(i, n))
    /\ EntryTerm(log[i][n]) = currentTerm[i]
    /\ CommitTo(i, n)
    /\ UNCHANGED <<electionVars, readVars>>

\* The leader sends its snapshot, the one the traced request names.
TraceInstallSnapshot(i, t) ==
    /\ t.msource = i /\ t.mterm = currentTerm[i]
    /\ t.mlastIncludedIndex = snapshotIndex[i] /\ snapshotIndex[i] > 0
    /\ log[i][t.mlastIncludedIndex] = t.mlastIncludedTerm
    /\ LInstallSnapshot(i, t.mdest)

\* A receive event: the handler the event names, on that message from the bag.
Received(e, Handler(_, _, _)) ==
    \E m \in InBag(e.msg) : Handler(e.node, m.msource, m)

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

\* A send event: the action put the traced message in the bag.
Sent(e, Action(_, _)) == Action(e.node, e.msg.mdest) /\ e.msg \in DOMAIN messages'

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
         [] OTHER -> FALSE

TraceNext ==
    \/ /\ l <= Len(TraceLog)
       /\ TakeEvent(TraceLog[l])
       /\ StateMatches(TraceLog[l])
       /\ l' = l + 1
    \/ /\ l > Len(TraceLog)
       /\ UNCHANGED traceVars

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

(***************************************************************************)
(* Raft's safety properties along the trace, checked incrementally: a     *)
(* step changes only the acting server's variables (and the network and   *)
(* the history), so a property that held before can only fail where that  *)
(* server is involved. The full forms cost time quadratic in the log per   *)
(* event: hours for a trace of thousands of events.                       *)
(***************************************************************************)
Actor == TraceLog[l - 1].node
LastAction == TraceLog[l - 1].action

\* LogMatching for logs a and b: after the first index where they differ, no
\* index holds the same term in both. Equal common prefixes, the usual case,
\* are compared as whole sequences first.
LogsMatch(a, b) ==
    LET n == Min({Len(a), Len(b)})
    IN \/ SubSeq(a, 1, n) = SubSeq(b, 1, n)
       \/ LET diff == {k \in 1 .. n : a[k] # b[k]}
          IN \A k \in Min(diff) .. n : a[k] # b[k]

TraceLogMatching == l = 1 \/ \A j \in Server : LogsMatch(log[Actor], log[j])

\* Committed prefixes agree pairwise; an index is committed with one term only
\* (that set grows only by AdvanceCommitIndex).
TraceStateMachineSafety ==
    l = 1 \/
    LET i == Actor
    IN /\ commitIndex[i] <= Len(log[i])
       /\ \A j \in Server :
            LET n == Min({commitIndex[i], commitIndex[j], Len(log[i]), Len(log[j])})
            IN SubSeq(log[i], 1, n) = SubSeq(log[j], 1, n)
       /\ LastAction = "AdvanceCommitIndex" =>
            Cardinality({<<c.index, c.term>> : c \in committed}) = Cardinality({c.index : c \in committed})

\* A leader's log only grows and `committed` grows only by AdvanceCommitIndex,
\* so LeaderCompleteness can only fail at BecomeLeader or AdvanceCommitIndex.
TraceLeaderCompleteness ==
    l = 1 \/ LastAction \notin {"BecomeLeader", "AdvanceCommitIndex"} \/ LeaderCompleteness

\* Violated exactly when every event has been taken, for a run that wants the last state.
TraceIncomplete == l <= Len(TraceLog)
=============================================================================
