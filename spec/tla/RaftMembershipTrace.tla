------------------------- MODULE RaftMembershipTrace -------------------------
(***************************************************************************)
(* Trace validation of membership changes: accepts a trace of the Java    *)
(* core only if it is a behaviour of RaftMembership.tla (Raft.tla with    *)
(* single-server changes, learners, the 2015 fix, a leader removing       *)
(* itself). Run as RaftTrace.tla is (see its header for the method and    *)
(* for what a trace leaves free); the shared steps are in TraceSteps.tla. *)
(*                                                                         *)
(* The core runs the plain Raft profile here (RaftConfig.defaults(): no    *)
(* pre-vote, check-quorum, transfer or reads; RaftMembership has none of  *)
(* them), so an event of those features has no case below and the trace  *)
(* is refused at it. What is checked besides RaftTrace's checks:          *)
(* - every log entry is [term, conf]: the trace records each              *)
(*   configuration entry's voters and learners, so logs, AppendEntries'   *)
(*   entries and the configuration each server acts on are the spec's;    *)
(* - a change (AddLearner, PromoteLearner, RemoveServer) is made only by  *)
(*   a leader that is a voter, with no change in flight and an entry of   *)
(*   its term committed, and yields exactly the traced configuration;    *)
(* - commitment and elections count a majority of the acting server's    *)
(*   latest configuration's voters (a learner's acknowledgement commits   *)
(*   nothing); only a voter of its configuration times out or is asked   *)
(*   for a vote; a leader replicates only to members of its configuration;*)
(* - a removed leader steps down (StepDownRemoved) only once the          *)
(*   configuration without it is committed;                               *)
(* - a reply of its term from a server outside its configuration may be  *)
(*   dropped (TraceDropStaleReply), as the core does; nothing else is.    *)
(* - a snapshot carries the configuration as of its last index: checked  *)
(*   on the leader's InstallSnapshot (mconfig) and whenever a server's    *)
(*   snapshot changes or it restarts (the event's snapshotConfig).        *)
(* The trace's TraceInitVoters and TraceInitLearners are the initial      *)
(* configuration; TraceServer holds every slot, joiners included (a joiner *)
(* starts with no configuration, which is the spec's InitConfig: it is    *)
(* no voter there and waits for a leader).                                *)
(***************************************************************************)
EXTENDS RaftMembership, TraceSteps

traceVars == <<vars, l>>

TraceInit ==
    /\ MembershipInit
    /\ l = 1

\* The snapshot's configuration: the latest configuration entry it covers.
SnapshotConfig(lg, n) == ConfigOf(SubSeq(lg, 1, n))

\* Where the acting server's snapshot changed, or it restarted from it, its
\* configuration is the one traced (a restart must recover it with the snapshot).
SnapshotConfigMatches(e) ==
    LET i == e.node
    IN IF e.snapshotIndex = 0 \/ (e.snapshotIndex = snapshotIndex[i] /\ e.action # "Restart") THEN TRUE
       ELSE SnapshotConfig(log'[i], e.snapshotIndex) = e.snapshotConfig

\* The message in the bag that the traced message t is.
InBag(t) ==
    IF t.mtype = "InstallSnapshot"
    THEN {m \in DOMAIN messages : IsSnapshotRequest(m, t) /\ SnapshotConfig(m.mdata, Len(m.mdata)) = t.mconfig}
    ELSE {t} \cap DOMAIN messages

Received(e, Handler(_, _, _)) == ReceivedFrom(e, InBag(e.msg), Handler)

\* A leader replicates to the members of its configuration (MAppendEntries).
TraceAppendEntries(i, t) ==
    /\ t.mdest \in Members(ConfigAt(i)) \ {i}
    /\ SendsEntries(i, t)
    /\ UNCHANGED <<persistentVars, volatileVars, committed>>

TraceAdvanceCommitIndex(i, n) == CommitsTo(i, n)

TraceInstallSnapshot(i, t) ==
    /\ SendsSnapshot(i, t)
    /\ SnapshotConfig(log[i], snapshotIndex[i]) = t.mconfig
    /\ MInstallSnapshot(i, t.mdest)

\* Raft's handlers that take no sender, in the dispatch's form.
TraceUpdateTerm(i, j, m) == UpdateTerm(i, m)
\* The core also drops a reply of its term from a server outside its configuration
\* (a leader forgets a departed member's progress): a step that changes no state,
\* as if the network had lost it (Raft's DropMessage). RaftMembership would take it
\* and record the progress of a server no quorum counts.
TraceDropStaleReply(i, j, m) ==
    IF IsReply(m) /\ m.mterm = currentTerm[i] /\ j \notin Members(ConfigAt(i))
    THEN DropMessage(m)
    ELSE DropStaleReply(i, m)

\* A change is to some server j: the traced log (StateMatches) says which.
TakeEvent(e) ==
    LET i == e.node
        a == e.action
    IN CASE a = "Restart" -> Restart(i)
         [] a = "Timeout" -> MTimeout(i)
         [] a = "RequestVote" -> Sent(e, MRequestVote)
         [] a = "BecomeLeader" -> BecomeLeader(i)
         [] a = "ClientRequest" -> ClientRequest(i)
         [] a = "AdvanceCommitIndex" -> TraceAdvanceCommitIndex(i, e.commitIndex)
         [] a = "AppendEntries" -> TraceAppendEntries(i, e.msg)
         [] a = "InstallSnapshot" -> TraceInstallSnapshot(i, e.msg)
         [] a = "Snapshot" -> Snapshot(i, e.snapshotIndex)
         [] a = "UpdateTerm" -> Received(e, TraceUpdateTerm)
         [] a = "HandleRequestVoteRequest" -> Received(e, HandleRequestVoteRequest)
         [] a = "HandleRequestVoteReply" -> Received(e, HandleRequestVoteReply)
         [] a = "HandleAppendEntriesRequest" -> Received(e, HandleAppendEntriesRequest)
         [] a = "HandleAppendEntriesReply" -> Received(e, HandleAppendEntriesReply)
         [] a = "HandleInstallSnapshotRequest" -> Received(e, HandleInstallSnapshotRequest)
         [] a = "HandleInstallSnapshotReply" -> Received(e, HandleInstallSnapshotReply)
         [] a = "DropStaleReply" -> Received(e, TraceDropStaleReply)
         [] a = "AddLearner" -> \E j \in Server : AddLearner(i, j)
         [] a = "PromoteLearner" -> \E j \in Server : PromoteLearner(i, j)
         [] a = "RemoveServer" -> \E j \in Server : RemoveServer(i, j)
         [] a = "StepDownRemoved" -> StepDownRemoved(i)
         [] OTHER -> FALSE

TraceNext ==
    \/ /\ l <= Len(TraceLog)
       /\ TakeEvent(TraceLog[l])
       /\ StateMatches(TraceLog[l])
       /\ SnapshotConfigMatches(TraceLog[l])
       /\ l' = l + 1
    \/ /\ l > Len(TraceLog)
       /\ UNCHANGED traceVars

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

\* Every committed entry is on a majority of the committed configuration's voters,
\* checked where the committed configuration moves, at a commit: the full form
\* costs time quadratic in the committed entries (twice the validation time of a
\* 1,200-event trace when checked after every step that may shorten a log).
TraceCommittedOnConfigQuorum ==
    l = 1 \/ LastAction # "AdvanceCommitIndex" \/ CommittedOnConfigQuorum
=============================================================================
