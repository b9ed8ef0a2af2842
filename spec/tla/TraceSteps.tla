----------------------------- MODULE TraceSteps -----------------------------
(***************************************************************************)
(* What the two trace specs share, RaftTrace.tla (over RaftLeadership)    *)
(* and RaftMembershipTrace.tla (over RaftMembership): the cursor l, the    *)
(* match of an event's recorded state, the lookup of a traced message in  *)
(* the bag, the leader's sends and commits as the trace shows them, and   *)
(* Raft's safety properties in incremental forms. Written over Raft.tla's *)
(* hooks (EntryTerm, IsQuorum), so the same text reads a log of terms and *)
(* a log of [term, conf] entries. See RaftTrace.tla for what a trace      *)
(* leaves free and why.                                                   *)
(***************************************************************************)
EXTENDS Raft, TraceLog

VARIABLE l   \* the index in TraceLog of the next event to take

TraceNone == [mtype |-> "None"]
TVote(v) == IF v = -1 THEN Nil ELSE v

\* Messages are never removed: a message received once may be delivered again.
TraceWithoutMessage(m, msgs) == msgs

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
       /\ IF e.snapshotIndex = 0 THEN TRUE ELSE EntryTerm(lg[e.snapshotIndex]) = e.snapshotTerm

\* The InstallSnapshot in the bag that the traced one t is: equal but for mdata.
IsSnapshotRequest(m, t) ==
    /\ m.mtype = "InstallSnapshot"
    /\ m.msource = t.msource /\ m.mdest = t.mdest /\ m.mterm = t.mterm
    /\ m.mlastIncludedIndex = t.mlastIncludedIndex /\ m.mlastIncludedTerm = t.mlastIncludedTerm

\* A receive event: the handler the event names, on that message from the bag.
ReceivedFrom(e, msgs, Handler(_, _, _)) ==
    \E m \in msgs : Handler(e.node, m.msource, m)

\* A send event: the action put the traced message in the bag.
Sent(e, Action(_, _)) == Action(e.node, e.msg.mdest) /\ e.msg \in DOMAIN messages'

\* The leader sends the traced AppendEntries if it agrees with its own log
\* (from any prefix, with as many entries as it chose: nextIndex is not traced).
SendsEntries(i, t) ==
    /\ state[i] = "Leader"
    /\ t.msource = i /\ t.mterm = currentTerm[i]
    /\ t.mprevLogIndex \in snapshotIndex[i] .. Len(log[i])
    /\ t.mprevLogTerm = IF t.mprevLogIndex = 0 THEN 0 ELSE EntryTerm(log[i][t.mprevLogIndex])
    /\ t.mprevLogIndex + Len(t.mentries) <= Len(log[i])
    /\ t.mentries = SubSeq(log[i], t.mprevLogIndex + 1, t.mprevLogIndex + Len(t.mentries))
    /\ t.mcommitIndex = commitIndex[i]
    /\ Send(t)

\* The core counts the leader's own entries towards a quorum only once they are
\* durable, and a real leader's fsync may end after followers have acknowledged:
\* it may then commit less than Raft.tla's Max(ok), n below, and the rest at a
\* later step. Any n the quorum agrees on, of the leader's term, is as safe.
CommitsTo(i, n) ==
    /\ state[i] = "Leader"
    /\ n \in commitIndex[i] + 1 .. Len(log[i])
    /\ IsQuorum(i, Agree(i, n))
    /\ EntryTerm(log[i][n]) = currentTerm[i]
    /\ CommitTo(i, n)

\* The leader's snapshot is the one the traced request names.
SendsSnapshot(i, t) ==
    /\ t.msource = i /\ t.mterm = currentTerm[i]
    /\ t.mlastIncludedIndex = snapshotIndex[i] /\ snapshotIndex[i] > 0
    /\ EntryTerm(log[i][t.mlastIncludedIndex]) = t.mlastIncludedTerm

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
\* index holds the same entry in both. Equal common prefixes, the usual case,
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
