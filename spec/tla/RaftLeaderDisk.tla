---------------------------- MODULE RaftLeaderDisk ----------------------------
(***************************************************************************)
(* The leader writes its own log in parallel with replicating it, and its *)
(* write may lag (Ongaro's dissertation, 10.2.1). Raft.tla takes a log as *)
(* durable the moment it changes; here durableLen[i] is how much of       *)
(* log[i] survives a crash (power loss: what was written but not fsynced  *)
(* is gone). The Java node sends a leader's new entries before its own   *)
(* fsync ends (WritePipeline: the leader's AppendEntries leave early) and  *)
(* the core counts the leader towards a commit quorum only for entries   *)
(* that are durable (RaftCore.persisted sets the leader's own matchIndex). *)
(* LeaderPersist may come at any later step, or never before a crash: a   *)
(* leader's fsync may still be running when it crashes or steps down.     *)
(*                                                                         *)
(* Raft.tla is used unchanged; its actions appear here as D<name>: the    *)
(* same step plus what it does to durableLen. What differs from Raft.tla: *)
(*  - ClientRequest appends to the leader's log, not durably;             *)
(*  - LeaderPersist(i): the write ends, the whole log is durable;         *)
(*  - AdvanceCommitIndex counts the leader only for durable entries       *)
(*    (DurableAgree);                                                      *)
(*  - Restart keeps the durable prefix only;                              *)
(*  - a reply leaves only once every write queued before it is durable    *)
(*    (WritePipeline: "a bare message waits behind queued writes"): a     *)
(*    follower writes before it replies, and a deposed leader's tail      *)
(*    becomes durable with its first reply, as its next fsync covers      *)
(*    every earlier write.                                                *)
(* Snapshots: a snapshot is written durably, so it makes the prefix it    *)
(* covers durable (a leader may have committed entries it has not yet     *)
(* fsynced, on a quorum of followers, and snapshot them).                 *)
(***************************************************************************)
EXTENDS Raft

\* Persistent: the length of the prefix of log[i] that is on disk.
VARIABLES durableLen

diskVars == <<vars, durableLen>>

DiskInit == Init /\ durableLen = [i \in Server |-> 0]

\* The servers that hold entry n for leader i: a follower by its matchIndex,
\* the leader itself once entry n is on its own disk (Raft.tla's Agree counts
\* it unconditionally; matchIndex[i][i] stays 0, no leader replies to itself).
DurableAgree(i, n) == (Agree(i, n) \ {i}) \cup {k \in {i} : durableLen[i] >= n}

(* Leaders: the client's entry is in the leader's log (and may be sent) but not on its disk. *)
DClientRequest(i) == ClientRequest(i) /\ UNCHANGED durableLen

(* The leader's write of its log ends (its fsync returns). Any server whose log lags: *)
(* a deposed leader's write goes on after it steps down.                              *)
LeaderPersist(i) ==
    /\ durableLen[i] < Len(log[i])
    /\ durableLen' = [durableLen EXCEPT ![i] = Len(log[i])]
    /\ UNCHANGED vars

(* Leaders: Figure 2's commit rule, counting the leader as RaftCore does. *)
DAdvanceCommitIndex(i) ==
    /\ state[i] = "Leader"
    /\ LET ok == {n \in commitIndex[i] + 1 .. Len(log[i]) :
                     IsQuorum(i, DurableAgree(i, n)) /\ EntryTerm(log[i][n]) = currentTerm[i]}
       IN ok # {} /\ CommitTo(i, Max(ok))
    /\ UNCHANGED durableLen

(* Crash and restart: what was not durable is lost with the volatile state. *)
DRestart(i) ==
    /\ RestartAllowed(i)
    /\ RestartVolatile(i)
    /\ log' = [log EXCEPT ![i] = SubSeq(@, 1, durableLen[i])]
    /\ UNCHANGED <<currentTerm, votedFor, snapshotIndex, durableLen, messages, committed>>

\* A handler's reply is sent after every earlier write of i is durable.
Replies(i) == durableLen' = [durableLen EXCEPT ![i] = Len(log'[i])]

DHandleRequestVoteRequest(i, j, m) == HandleRequestVoteRequest(i, j, m) /\ Replies(i)
DHandleAppendEntriesRequest(i, j, m) == HandleAppendEntriesRequest(i, j, m) /\ Replies(i)
DHandleInstallSnapshotRequest(i, j, m) == HandleInstallSnapshotRequest(i, j, m) /\ Replies(i)

(* The snapshot file is written durably: the prefix it covers survives a crash. *)
DSnapshot(i, n) ==
    /\ Snapshot(i, n)
    /\ durableLen' = [durableLen EXCEPT ![i] = Max({@, n})]

\* Raft's other steps leave every disk as it was.
DTimeout(i) == Timeout(i) /\ UNCHANGED durableLen
DRequestVote(i, j) == RequestVote(i, j) /\ UNCHANGED durableLen
DBecomeLeader(i) == BecomeLeader(i) /\ UNCHANGED durableLen
DAppendEntries(i, j) == AppendEntries(i, j) /\ UNCHANGED durableLen
DInstallSnapshot(i, j) == InstallSnapshot(i, j) /\ UNCHANGED durableLen
DUpdateTerm(i, m) == UpdateTerm(i, m) /\ UNCHANGED durableLen
DHandleRequestVoteReply(i, j, m) == HandleRequestVoteReply(i, j, m) /\ UNCHANGED durableLen
DHandleAppendEntriesReply(i, j, m) == HandleAppendEntriesReply(i, j, m) /\ UNCHANGED durableLen
DHandleInstallSnapshotReply(i, j, m) == HandleInstallSnapshotReply(i, j, m) /\ UNCHANGED durableLen
DDropStaleReply(i, m) == DropStaleReply(i, m) /\ UNCHANGED durableLen
DDuplicateMessage(m) == DuplicateMessage(m) /\ UNCHANGED durableLen
DDropMessage(m) == DropMessage(m) /\ UNCHANGED durableLen

DiskNext ==
    \/ \E i \in Server : DRestart(i)
    \/ \E i \in Server : DTimeout(i)
    \/ \E i, j \in Server : DRequestVote(i, j)
    \/ \E i \in Server : DBecomeLeader(i)
    \/ \E i \in Server : DClientRequest(i)
    \/ \E i \in Server : LeaderPersist(i)
    \/ \E i \in Server : DAdvanceCommitIndex(i)
    \/ \E i, j \in Server : DAppendEntries(i, j)
    \/ \E i \in Server : \E n \in 1 .. Len(log[i]) : DSnapshot(i, n)
    \/ \E i, j \in Server : DInstallSnapshot(i, j)
    \* Receive(m), one disjunct per handler so that TLC names each step.
    \/ \E m \in DOMAIN messages : DUpdateTerm(m.mdest, m)
    \/ \E m \in DOMAIN messages : DHandleRequestVoteRequest(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : DHandleRequestVoteReply(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : DHandleAppendEntriesRequest(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : DHandleAppendEntriesReply(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : DHandleInstallSnapshotRequest(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : DHandleInstallSnapshotReply(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : DDropStaleReply(m.mdest, m)
    \/ \E m \in DOMAIN messages : DDuplicateMessage(m)
    \/ \E m \in DOMAIN messages : DDropMessage(m)

DiskSpec == DiskInit /\ [][DiskNext]_diskVars

(***************************************************************************)
(* Properties: Raft's hold as they are (LeaderAppendOnly too: a step that *)
(* changes only durableLen leaves Raft's vars unchanged). Only            *)
(* CommitIndexMonotone is restated, with this module's Restart.           *)
(***************************************************************************)
DiskTypeOK ==
    /\ TypeOK
    /\ \A i \in Server : durableLen[i] \in snapshotIndex[i] .. Len(log[i])

DiskCommitIndexMonotone ==
    [][\A i \in Server : commitIndex'[i] < commitIndex[i] => DRestart(i)]_diskVars
=============================================================================
