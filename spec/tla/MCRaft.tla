------------------------------- MODULE MCRaft -------------------------------
(***************************************************************************)
(* Bounds and reductions for model checking Raft with TLC. A model's .cfg *)
(* substitutes these for Raft's unbounded guards with `<-`: bounding the  *)
(* actions is several times faster than pruning with a CONSTRAINT.        *)
(***************************************************************************)
EXTENDS Raft

CONSTANTS MaxTerm,      \* no server times out beyond this term
          MaxLogLen,    \* leaders accept client requests up to this length
          MaxCopies,    \* copies of one message in flight
          MaxInFlight   \* messages in flight in all

MCTimeoutAllowed(i) == currentTerm[i] < MaxTerm
\* One candidate per term, as randomized timeouts make likely: a server times out
\* only when no server is in a later term. Split votes are then left to the
\* models that allow them; every behaviour is still one of Raft's.
MCOneCandidate(i) == MCTimeoutAllowed(i) /\ \A k \in Server : currentTerm[k] <= currentTerm[i]
\* Scenario guide for interleavings beyond an exhaustive search on two cores
\* (Figure 8 and its kin: a server that leads, loses and leads again): only
\* "s1" may time out into an odd term and only "s3" into an even one, up to
\* MaxTerm; "s2" only votes. Every other choice stays open to TLC.
MCAlternateTimeoutAllowed(i) ==
    /\ MCTimeoutAllowed(i)
    /\ i = IF currentTerm[i] % 2 = 0 THEN "s1" ELSE "s3"
MCClientRequestAllowed(i) == Len(log[i]) < MaxLogLen
\* Restarting a follower whose commitIndex is its snapshot's changes nothing MCView sees.
MCRestartAllowed(i) == state[i] # "Follower" \/ commitIndex[i] # snapshotIndex[i]
NoRestart(i) == FALSE
AnyRestart(i) == TRUE
NoSnapshot(i) == FALSE
\* At most one compaction per server: a bound, like MaxLogLen.
MCSnapshotAllowed(i) == snapshotIndex[i] = 0
NoDrop(m) == FALSE
MCDuplicateAllowed(m) == messages[m] < MaxCopies
\* The network holds at most MaxCopies of a message and MaxInFlight messages
\* in all: a send beyond that is lost, which the network may do anyway, so
\* every behaviour of the model is a behaviour of Raft.
MCWithMessage(m, msgs) ==
    IF m \in DOMAIN msgs
    THEN IF msgs[m] < MaxCopies THEN [msgs EXCEPT ![m] = @ + 1] ELSE msgs
    ELSE IF Cardinality(DOMAIN msgs) < MaxInFlight THEN msgs @@ (m :> 1) ELSE msgs

\* A reachability witness: a model expecting it violated shows that its settings let
\* entries commit. A spec that never commits passes every safety property.
NothingCommitted == committed = {}

\* The fingerprint leaves out what no enabled action can read: the history
\* variable `committed` (properties only), votes outside candidacy, and
\* nextIndex/matchIndex outside leadership (BecomeLeader resets them).
MCView ==
    <<currentTerm, votedFor, log, snapshotIndex, state, commitIndex,
      [i \in Server |-> IF state[i] = "Candidate" THEN votesGranted[i] ELSE {}],
      [i \in Server |-> IF state[i] = "Leader" THEN nextIndex[i] ELSE 0],
      [i \in Server |-> IF state[i] = "Leader" THEN matchIndex[i] ELSE 0],
      messages>>

MCSymmetry == Permutations(Server)
=============================================================================
