---------------------------- MODULE RaftMembership ----------------------------
(***************************************************************************)
(* Membership changes, one server at a time (Ongaro's dissertation,       *)
(* chapter 4, with the July 2015 correction), with learners. One action   *)
(* per rule, named as the Java core's handlers. Raft.tla is used          *)
(* unchanged apart from its hooks: a model of this module substitutes     *)
(*     EntryTerm <- MEntryTerm   ClientEntry <- MClientEntry              *)
(*     Voters <- MVoters                                                   *)
(* (see MCRaftMembership.cfg), and the actions that differ appear here as *)
(* `M<name>` (a trace of event <name> is checked against M<name>).        *)
(*                                                                         *)
(* A log entry is [term, conf]: conf is NoConf for a client entry, else   *)
(* the whole new configuration [voters, learners]. A server uses the      *)
(* latest configuration in its log, committed or not; with none, the      *)
(* initial one. So a truncated configuration entry is forgotten with the  *)
(* entry, and a snapshot carries the configuration: log[i] is the logical *)
(* log, whose snapshot prefix keeps its configuration entries (the core    *)
(* must store the configuration as of lastIncludedIndex with a snapshot). *)
(* Elections and commitment count a majority of that configuration's      *)
(* voters (Raft's IsQuorum over Voters(i)); learners receive entries and  *)
(* snapshots and count toward no quorum. Only a voter of its own          *)
(* configuration starts an election; anyone may grant a vote.             *)
(*                                                                         *)
(* A leader appends a configuration entry only when (1) the previous one  *)
(* is committed (at most one change in flight) and (2) it has committed   *)
(* an entry of its current term (the 2015 fix: without it two leaders of  *)
(* different terms can each append a change, and configurations two      *)
(* changes apart can have disjoint majorities). A leader that removed     *)
(* itself stops counting itself and steps down once the change commits.   *)
(***************************************************************************)
EXTENDS Raft

CONSTANTS InitVoters,   \* the voters of the initial configuration
          InitLearners  \* its learners; other servers of Server are not members

Config == [voters : SUBSET Server, learners : SUBSET Server]
InitConfig == [voters |-> InitVoters, learners |-> InitLearners]
\* The conf of a client entry: no configuration has no voters.
NoConf == [voters |-> {}, learners |-> {}]
Members(c) == c.voters \cup c.learners
IsConfEntry(e) == e.conf # NoConf

\* Index of the latest configuration entry in lg, 0 if none.
LastConfIndex(lg) == Max({k \in 1 .. Len(lg) : IsConfEntry(lg[k])} \cup {0})
ConfigOf(lg) == IF LastConfIndex(lg) = 0 THEN InitConfig ELSE lg[LastConfIndex(lg)].conf
\* The configuration server i uses.
ConfigAt(i) == ConfigOf(log[i])

\* Raft.tla's hooks.
MEntryTerm(e) == e.term
MClientEntry(i) == [term |-> currentTerm[i], conf |-> NoConf]
MVoters(i) == ConfigAt(i).voters

\* Bound: unbounded here; a model overrides it with `<-`.
ChangeAllowed(i) == TRUE

(***************************************************************************)
(* Configuration changes, by the leader.                                  *)
(***************************************************************************)
\* At most one change in flight: the latest configuration entry is committed.
NoChangeInFlight(i) == LastConfIndex(log[i]) <= commitIndex[i]
\* The 2015 fix: the leader has committed an entry of its current term.
TermEntryCommitted(i) == commitIndex[i] > 0 /\ EntryTerm(log[i][commitIndex[i]]) = currentTerm[i]

CanChange(i) ==
    /\ state[i] = "Leader"
    /\ i \in Voters(i)   \* a leader that removed itself only waits to step down
    /\ ChangeAllowed(i)
    /\ NoChangeInFlight(i)
    /\ TermEntryCommitted(i)

AppendConfig(i, c) ==
    /\ log' = [log EXCEPT ![i] = Append(@, [term |-> currentTerm[i], conf |-> c])]
    /\ UNCHANGED <<currentTerm, votedFor, snapshotIndex, volatileVars, messages, committed>>

\* j joins as a learner: it catches up without counting toward any quorum.
AddLearner(i, j) ==
    LET c == ConfigAt(i)
    IN /\ CanChange(i)
       /\ j \notin Members(c)
       /\ AppendConfig(i, [voters |-> c.voters, learners |-> c.learners \cup {j}])

\* j joins as a voter at once (the dissertation's AddServer, after catch-up).
AddServer(i, j) ==
    LET c == ConfigAt(i)
    IN /\ CanChange(i)
       /\ j \notin Members(c)
       /\ AppendConfig(i, [voters |-> c.voters \cup {j}, learners |-> c.learners])

\* A learner becomes a voter: a change like any other.
PromoteLearner(i, j) ==
    LET c == ConfigAt(i)
    IN /\ CanChange(i)
       /\ j \in c.learners
       /\ AppendConfig(i, [voters |-> c.voters \cup {j}, learners |-> c.learners \ {j}])

\* j (a voter or a learner, possibly the leader itself) leaves; the last voter stays.
RemoveServer(i, j) ==
    LET c == ConfigAt(i)
    IN /\ CanChange(i)
       /\ j \in Members(c)
       /\ c.voters \ {j} # {}
       /\ AppendConfig(i, [voters |-> c.voters \ {j}, learners |-> c.learners \ {j}])

\* A leader outside its configuration's voters steps down once that configuration is committed.
StepDownRemoved(i) ==
    /\ state[i] = "Leader"
    /\ i \notin Voters(i)
    /\ NoChangeInFlight(i)
    /\ state' = [state EXCEPT ![i] = "Follower"]
    /\ UNCHANGED <<persistentVars, commitIndex, votesGranted, nextIndex, matchIndex, messages, committed>>

(***************************************************************************)
(* Raft's actions restricted to the configuration.                        *)
(***************************************************************************)
\* Only a voter of its own configuration starts an election (learners and
\* servers that are not, or no longer, members wait to hear from a leader).
MTimeout(i) == i \in Voters(i) /\ Timeout(i)
\* A candidate asks the voters of its configuration.
MRequestVote(i, j) == j \in Voters(i) /\ RequestVote(i, j)
\* A leader replicates to the members of its configuration, learners included.
MAppendEntries(i, j) == j \in Members(ConfigAt(i)) /\ AppendEntries(i, j)
MInstallSnapshot(i, j) == j \in Members(ConfigAt(i)) /\ InstallSnapshot(i, j)

MembershipInit ==
    /\ Init
    /\ InitVoters # {}
    /\ InitVoters \cap InitLearners = {}

MembershipNext ==
    \/ \E i \in Server : Restart(i)
    \/ \E i \in Server : MTimeout(i)
    \/ \E i, j \in Server : MRequestVote(i, j)
    \/ \E i \in Server : BecomeLeader(i)
    \/ \E i \in Server : ClientRequest(i)
    \/ \E i \in Server : AdvanceCommitIndex(i)
    \/ \E i, j \in Server : MAppendEntries(i, j)
    \/ \E i \in Server : \E n \in 1 .. Len(log[i]) : Snapshot(i, n)
    \/ \E i, j \in Server : MInstallSnapshot(i, j)
    \/ \E i, j \in Server : AddLearner(i, j)
    \/ \E i, j \in Server : AddServer(i, j)
    \/ \E i, j \in Server : PromoteLearner(i, j)
    \/ \E i, j \in Server : RemoveServer(i, j)
    \/ \E i \in Server : StepDownRemoved(i)
    \* Receive(m), one disjunct per handler so that TLC names each step.
    \/ \E m \in DOMAIN messages : UpdateTerm(m.mdest, m)
    \/ \E m \in DOMAIN messages : HandleRequestVoteRequest(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : HandleRequestVoteReply(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : HandleAppendEntriesRequest(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : HandleAppendEntriesReply(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : HandleInstallSnapshotRequest(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : HandleInstallSnapshotReply(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : DropStaleReply(m.mdest, m)
    \/ \E m \in DOMAIN messages : DuplicateMessage(m)
    \/ \E m \in DOMAIN messages : DropMessage(m)

MembershipSpec == MembershipInit /\ [][MembershipNext]_vars

(***************************************************************************)
(* Properties. Figure 3's (ElectionSafety, LogMatching, LeaderCompleteness,*)
(* StateMachineSafety, LeaderAppendOnly) are Raft's, unchanged. Raft's     *)
(* CommittedOnQuorum counts majorities of all of Server; with a changing   *)
(* membership it becomes CommittedOnConfigQuorum.                          *)
(***************************************************************************)
MembershipTypeOK ==
    /\ currentTerm \in [Server -> Nat]
    /\ votedFor \in [Server -> Server \cup {Nil}]
    /\ \A i \in Server : log[i] \in Seq([term : Nat, conf : Config])
    /\ \A i \in Server : snapshotIndex[i] \in 0 .. Len(log[i])
    /\ state \in [Server -> {"Follower", "Candidate", "Leader"}]
    /\ commitIndex \in [Server -> Nat]
    /\ votesGranted \in [Server -> SUBSET Server]
    /\ \A i \in Server : ConfigAt(i).voters # {}

Holders(c) == {s \in Server : HasEntry(log[s], c.index, c.term)}

\* The configuration of the committed prefix: the latest configuration up to
\* the highest committed index, read from a log that holds that entry.
CommittedConfig ==
    IF committed = {} THEN InitConfig
    ELSE LET top == CHOOSE c \in committed : \A d \in committed : d.index <= c.index
         IN IF Holders(top) = {} THEN InitConfig
            ELSE ConfigOf(SubSeq(log[CHOOSE s \in Holders(top) : TRUE], 1, top.index))

\* Every committed entry is held by a server of every majority of the voters
\* of the committed configuration (so no later leader can be elected without
\* it). "Every majority" and not "a majority": a leader commits under its
\* latest configuration, which may be one change ahead of the committed one,
\* and a majority of {1,2,3}, such as {1,2}, is only half of {1,2,3,4}.
CommittedOnConfigQuorum ==
    \A c \in committed :
        LET V == CommittedConfig.voters
        IN Cardinality(Holders(c) \cap V) * 2 >= Cardinality(V)
=============================================================================
