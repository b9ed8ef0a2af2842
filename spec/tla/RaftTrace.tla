------------------------------ MODULE RaftTrace ------------------------------
(***************************************************************************)
(* Trace validation: accepts a trace of the Java core (raft.core.Tracer)  *)
(* only if it is a behaviour of Raft.tla. Each step of this spec takes    *)
(* the next event of TraceLog, performs the Raft action the event names,  *)
(* and requires the acting server's state afterwards to be the state the  *)
(* event recorded. TLC runs it breadth-first with one worker, checking    *)
(* deadlock. The trace is valid when TLC finishes without error at depth  *)
(* Len(TraceLog) + 1 (past the last event the spec only stutters); it is  *)
(* invalid when TLC finds a deadlock: the state it ends in is the state   *)
(* before the first event Raft.tla forbids. (Reporting success as an      *)
(* invariant violation would make TLC print the whole trace: minutes for  *)
(* thousands of events.)                                                  *)
(*                                                                         *)
(* What the trace does not show is left free, as Raft allows it:          *)
(* - the network duplicates and loses messages: messages stay in the bag  *)
(*   (a later duplicate delivery is a DuplicateMessage), lost ones are    *)
(*   simply never received;                                               *)
(* - nextIndex is not traced (the core backs up with conflict hints), so  *)
(*   a leader may send AppendEntries from any prefix of its log and with  *)
(*   as many entries as it chooses (the core caps a batch);               *)
(* Snapshots are not in Raft.tla. They are mapped conservatively: logs    *)
(* stay whole in the spec and an event's log is compared with the part    *)
(* after its snapshot; InstallSnapshot(lastIncludedIndex) is checked as   *)
(* the AppendEntries that carries the leader's first lastIncludedIndex    *)
(* entries after index 0 (Figure 13's rules give the same log), and its   *)
(* reply as that request's reply; a restarted server's commitIndex is its *)
(* snapshot's index, entries it knows to be committed.                   *)
(***************************************************************************)
EXTENDS Raft, TraceLog

VARIABLE l   \* the index in TraceLog of the next event to take

traceVars == <<vars, l>>

TraceNone == [mtype |-> "None"]
TVote(v) == IF v = -1 THEN Nil ELSE v

\* Messages are never removed: a message received once may be delivered again.
TraceWithoutMessage(m, msgs) == msgs

TraceInit ==
    /\ Init
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
       /\ Len(lg) = e.logLen
       /\ IF e.logFrom - 1 > e.snapshotIndex
          THEN /\ Len(log[i]) >= e.logFrom - 1
               /\ SubSeq(lg, e.snapshotIndex + 1, e.logFrom - 1) = SubSeq(log[i], e.snapshotIndex + 1, e.logFrom - 1)
          ELSE TRUE
       /\ SubSeq(lg, e.logFrom, Len(lg)) = e.logSuffix
       \* IF, not \/: TLC explores both sides of a disjunction in an action.
       /\ IF e.snapshotIndex = 0 THEN TRUE ELSE lg[e.snapshotIndex] = e.snapshotTerm

\* The AppendEntries that stands for an InstallSnapshot request in the bag.
IsSnapshotRequest(m, t) ==
    /\ m.mtype = "AppendEntries"
    /\ m.msource = t.msource /\ m.mdest = t.mdest /\ m.mterm = t.mterm
    /\ m.mprevLogIndex = 0
    /\ Len(m.mentries) = t.mlastIncludedIndex
    /\ IF t.mlastIncludedIndex = 0 THEN TRUE ELSE m.mentries[t.mlastIncludedIndex] = t.mlastIncludedTerm

\* The message in the bag that the traced message t is.
InBag(t) ==
    IF t.mtype = "InstallSnapshot"
    THEN {m \in DOMAIN messages : IsSnapshotRequest(m, t)}
    ELSE {t} \cap DOMAIN messages

TraceRestart(i, e) ==
    /\ state' = [state EXCEPT ![i] = "Follower"]
    /\ commitIndex' = [commitIndex EXCEPT ![i] = e.snapshotIndex]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {}]
    /\ nextIndex' = [nextIndex EXCEPT ![i] = [j \in Server |-> 1]]
    /\ matchIndex' = [matchIndex EXCEPT ![i] = [j \in Server |-> 0]]
    /\ UNCHANGED <<persistentVars, messages, committed>>

\* The leader sends the traced AppendEntries if it agrees with its own log.
TraceAppendEntries(i, t) ==
    /\ state[i] = "Leader"
    /\ t.msource = i /\ t.mterm = currentTerm[i]
    /\ t.mprevLogIndex <= Len(log[i])
    /\ t.mprevLogTerm = IF t.mprevLogIndex = 0 THEN 0 ELSE log[i][t.mprevLogIndex]
    /\ t.mprevLogIndex + Len(t.mentries) <= Len(log[i])
    /\ t.mentries = SubSeq(log[i], t.mprevLogIndex + 1, t.mprevLogIndex + Len(t.mentries))
    /\ t.mcommitIndex = commitIndex[i]
    /\ Send(t)
    /\ UNCHANGED <<persistentVars, volatileVars, committed>>

TraceInstallSnapshot(i, t) ==
    /\ state[i] = "Leader"
    /\ t.msource = i /\ t.mterm = currentTerm[i]
    /\ t.mlastIncludedIndex \in 1 .. Len(log[i])
    /\ log[i][t.mlastIncludedIndex] = t.mlastIncludedTerm
    /\ Send([mtype |-> "AppendEntries", mterm |-> currentTerm[i], mprevLogIndex |-> 0, mprevLogTerm |-> 0,
             mentries |-> SubSeq(log[i], 1, t.mlastIncludedIndex), mcommitIndex |-> commitIndex[i],
             msource |-> i, mdest |-> t.mdest])
    /\ UNCHANGED <<persistentVars, volatileVars, committed>>

\* A receive event: the handler the event names, on that message from the bag.
Received(e, Handler(_, _, _)) ==
    \E m \in InBag(e.msg) : Handler(e.node, m.msource, m)

UpdateTermOn(i, j, m) == UpdateTerm(i, m)
DropStaleOn(i, j, m) == DropStaleResponse(i, m)

TakeEvent(e) ==
    LET i == e.node
        a == e.action
    IN CASE a = "Restart" -> TraceRestart(i, e)
         [] a = "Timeout" -> Timeout(i)
         [] a = "RequestVote" -> RequestVote(i, e.msg.mdest) /\ e.msg \in DOMAIN messages'
         [] a = "BecomeLeader" -> BecomeLeader(i)
         [] a = "ClientRequest" -> ClientRequest(i)
         [] a = "AdvanceCommitIndex" -> AdvanceCommitIndex(i)
         [] a = "AppendEntries" -> TraceAppendEntries(i, e.msg)
         [] a = "InstallSnapshot" -> TraceInstallSnapshot(i, e.msg)
         [] a = "Snapshot" -> UNCHANGED vars
         [] a = "UpdateTerm" -> Received(e, UpdateTermOn)
         [] a = "HandleRequestVoteRequest" -> Received(e, HandleRequestVoteRequest)
         [] a = "HandleRequestVoteResponse" -> Received(e, HandleRequestVoteResponse)
         [] a \in {"HandleAppendEntriesRequest", "HandleInstallSnapshotRequest"} ->
                Received(e, HandleAppendEntriesRequest)
         [] a \in {"HandleAppendEntriesResponse", "HandleInstallSnapshotResponse"} ->
                Received(e, HandleAppendEntriesResponse)
         [] a = "DropStaleResponse" -> Received(e, DropStaleOn)
         [] OTHER -> FALSE

TraceNext ==
    \/ /\ l <= Len(TraceLog)
       /\ TakeEvent(TraceLog[l])
       /\ StateMatches(TraceLog[l])
       /\ l' = l + 1
    \/ /\ l > Len(TraceLog)
       /\ UNCHANGED traceVars

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

\* Violated exactly when every event has been taken, for a run that wants the last state.
TraceIncomplete == l <= Len(TraceLog)
=============================================================================
