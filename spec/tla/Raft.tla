-------------------------------- MODULE Raft --------------------------------
(***************************************************************************)
(* Figure 2 of the extended Raft paper ("In Search of an Understandable   *)
(* Consensus Algorithm", Ongaro and Ousterhout), one action per rule.     *)
(* Written for this project; the Java core (impl/, raft.core) names its   *)
(* handlers after these actions so the two can be read side by side.      *)
(*                                                                         *)
(* Requests and replies are separate one-way messages in a bag: the       *)
(* network may lose (DropMessage), duplicate (DuplicateMessage) and       *)
(* reorder (any message in the bag may be received next) them.            *)
(* A log is a sequence of entry terms: the command values never influence *)
(* the protocol, so leaving them out keeps the state space small without   *)
(* hiding any behaviour of Figure 2.                                      *)
(*                                                                         *)
(* Snapshots (section 7, Figure 13): log[i] is server i's logical log. Its *)
(* first snapshotIndex[i] entries are the snapshot: on a real server the   *)
(* state machine's state, which the spec represents by the terms of the    *)
(* entries it applied (all a property needs); the rest are stored entries. *)
(* Actions read a compacted entry only as snapshot data (InstallSnapshot's *)
(* mdata); otherwise they read entries after snapshotIndex[i] and the term *)
(* at snapshotIndex[i] (lastIncludedTerm). So the properties are stated    *)
(* over logical logs, snapshot prefix plus entries, unchanged.             *)
(*                                                                         *)
(* The spec itself is unbounded. Models bound it by overriding the        *)
(* *Allowed guards and WithMessage with `<-` in their .cfg (see MCRaft).  *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, Sequences, TLC

CONSTANTS Server,   \* the set of server ids
          Nil       \* "no server", for votedFor

\* Persistent state on all servers (Figure 2: "updated on stable storage
\* before responding to RPCs"); it survives Restart.
VARIABLES currentTerm, votedFor, log
\* Persistent too: how many entries of log[i] the snapshot covers (its lastIncludedIndex).
VARIABLES snapshotIndex
\* Volatile state on all servers.
VARIABLES state, commitIndex
\* Volatile state on candidates: who granted their vote in this term.
VARIABLES votesGranted
\* Volatile state on leaders (reinitialized after election).
VARIABLES nextIndex, matchIndex
\* The network: a bag, message -> number of copies in flight.
VARIABLES messages
\* History, for the properties only (no server reads it): every entry a
\* leader has committed, as [index, term, commitTerm].
VARIABLES committed

persistentVars == <<currentTerm, votedFor, log, snapshotIndex>>
volatileVars == <<state, commitIndex, votesGranted, nextIndex, matchIndex>>
vars == <<persistentVars, volatileVars, messages, committed>>

Quorum == {Q \in SUBSET Server : Cardinality(Q) * 2 > Cardinality(Server)}

(***************************************************************************)
(* Hooks for a module that puts more into the log (RaftMembership: the    *)
(* configuration entries of membership changes). Here an entry is its     *)
(* term and every server votes, so IsQuorum(i, Q) is Q \in Quorum; that   *)
(* module's models substitute these with `<-`.                             *)
(***************************************************************************)
EntryTerm(e) == e                \* the term of log entry e
ClientEntry(i) == currentTerm[i] \* the entry leader i appends for a client request
Voters(i) == Server              \* the servers whose votes count for server i
\* Q holds a majority of server i's voters: wins i an election, commits for i.
IsQuorum(i, Q) == Cardinality(Q \cap Voters(i)) * 2 > Cardinality(Voters(i))

Min(S) == CHOOSE x \in S : \A y \in S : x <= y
Max(S) == CHOOSE x \in S : \A y \in S : x >= y
LastTerm(lg) == IF Len(lg) = 0 THEN 0 ELSE EntryTerm(lg[Len(lg)])

\* True when entry (index, term) is in log lg.
HasEntry(lg, index, term) == index \in 1..Len(lg) /\ EntryTerm(lg[index]) = term

(***************************************************************************)
(* Bounds. Unbounded here; a model overrides them with `<-`.               *)
(***************************************************************************)
TimeoutAllowed(i) == TRUE
ClientRequestAllowed(i) == TRUE
RestartAllowed(i) == TRUE
SnapshotAllowed(i) == TRUE
DuplicateAllowed(m) == TRUE
DropAllowed(m) == TRUE

(***************************************************************************)
(* The network.                                                            *)
(***************************************************************************)
WithMessage(m, msgs) ==
    IF m \in DOMAIN msgs THEN [msgs EXCEPT ![m] = @ + 1] ELSE msgs @@ (m :> 1)
WithoutMessage(m, msgs) ==
    IF msgs[m] > 1 THEN [msgs EXCEPT ![m] = @ - 1]
    ELSE [n \in DOMAIN msgs \ {m} |-> msgs[n]]
Send(m) == messages' = WithMessage(m, messages)
Discard(m) == messages' = WithoutMessage(m, messages)
Reply(response, request) ==
    messages' = WithMessage(response, WithoutMessage(request, messages))

IsReply(m) == m.mtype \in {"RequestVoteReply", "AppendEntriesReply", "InstallSnapshotReply"}

(***************************************************************************)
(* Initial state: "initialized to 0 on first boot".                       *)
(***************************************************************************)
Init ==
    /\ currentTerm = [i \in Server |-> 0]
    /\ votedFor = [i \in Server |-> Nil]
    /\ log = [i \in Server |-> << >>]
    /\ snapshotIndex = [i \in Server |-> 0]
    /\ state = [i \in Server |-> "Follower"]
    /\ commitIndex = [i \in Server |-> 0]
    /\ votesGranted = [i \in Server |-> {}]
    /\ nextIndex = [i \in Server |-> [j \in Server |-> 1]]
    /\ matchIndex = [i \in Server |-> [j \in Server |-> 0]]
    /\ messages = [m \in {} |-> 0]
    /\ committed = {}

(***************************************************************************)
(* Server i crashes and restarts: volatile state is lost, persistent      *)
(* state (currentTerm, votedFor, snapshot and log) is kept. It restarts   *)
(* from its snapshot plus the log suffix: the snapshot is applied, so its *)
(* entries are known committed.                                            *)
(***************************************************************************)
\* What a restart does to the volatile state (RaftLeaderDisk's Restart, which
\* also loses the log's undurable tail, shares it).
RestartVolatile(i) ==
    /\ state' = [state EXCEPT ![i] = "Follower"]
    /\ commitIndex' = [commitIndex EXCEPT ![i] = snapshotIndex[i]]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {}]
    /\ nextIndex' = [nextIndex EXCEPT ![i] = [j \in Server |-> 1]]
    /\ matchIndex' = [matchIndex EXCEPT ![i] = [j \in Server |-> 0]]

Restart(i) ==
    /\ RestartAllowed(i)
    /\ RestartVolatile(i)
    /\ UNCHANGED <<persistentVars, messages, committed>>

(***************************************************************************)
(* Followers / Candidates: "If election timeout elapses ... convert to /  *)
(* start new election": increment currentTerm, vote for self.            *)
(***************************************************************************)
Timeout(i) ==
    /\ state[i] \in {"Follower", "Candidate"}
    /\ TimeoutAllowed(i)
    /\ state' = [state EXCEPT ![i] = "Candidate"]
    /\ currentTerm' = [currentTerm EXCEPT ![i] = @ + 1]
    /\ votedFor' = [votedFor EXCEPT ![i] = i]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {i}]
    /\ UNCHANGED <<log, snapshotIndex, commitIndex, nextIndex, matchIndex, messages, committed>>

(* Candidate i sends a RequestVote RPC to server j. *)
RequestVote(i, j) ==
    /\ state[i] = "Candidate"
    /\ j # i
    /\ j \notin votesGranted[i]
    /\ Send([mtype |-> "RequestVote", mterm |-> currentTerm[i],
             mlastLogTerm |-> LastTerm(log[i]), mlastLogIndex |-> Len(log[i]),
             msource |-> i, mdest |-> j])
    /\ UNCHANGED <<persistentVars, volatileVars, committed>>

(* Candidates: "If votes received from majority of servers: become leader". *)
BecomeLeader(i) ==
    /\ state[i] = "Candidate"
    /\ IsQuorum(i, votesGranted[i])
    /\ state' = [state EXCEPT ![i] = "Leader"]
    /\ nextIndex' = [nextIndex EXCEPT ![i] = [j \in Server |-> Len(log[i]) + 1]]
    /\ matchIndex' = [matchIndex EXCEPT ![i] = [j \in Server |-> 0]]
    /\ UNCHANGED <<persistentVars, commitIndex, votesGranted, messages, committed>>

(* Leaders: "If command received from client: append entry to local log". *)
ClientRequest(i) ==
    /\ state[i] = "Leader"
    /\ ClientRequestAllowed(i)
    /\ log' = [log EXCEPT ![i] = Append(@, ClientEntry(i))]
    /\ UNCHANGED <<currentTerm, votedFor, snapshotIndex, volatileVars, messages, committed>>

(***************************************************************************)
(* Leaders: "If there exists an N such that N > commitIndex, a majority  *)
(* of matchIndex[i] >= N, and log[N].term = currentTerm: set commitIndex *)
(* = N".                                                                   *)
(***************************************************************************)
CommitTo(i, n) ==
    /\ commitIndex' = [commitIndex EXCEPT ![i] = n]
    /\ committed' = committed \cup
         {[index |-> k, term |-> EntryTerm(log[i][k]), commitTerm |-> currentTerm[i]] :
              k \in commitIndex[i] + 1 .. n}
    /\ UNCHANGED <<persistentVars, state, votesGranted, nextIndex, matchIndex, messages>>

Agree(i, n) == {i} \cup {k \in Server : matchIndex[i][k] >= n}

AdvanceCommitIndex(i) ==
    /\ state[i] = "Leader"
    /\ LET ok == {n \in commitIndex[i] + 1 .. Len(log[i]) :
                     /\ IsQuorum(i, Agree(i, n))
                     /\ EntryTerm(log[i][n]) = currentTerm[i]}
       IN /\ ok # {}
          /\ CommitTo(i, Max(ok))

(***************************************************************************)
(* Leaders: "If last log index >= nextIndex for a follower: send          *)
(* AppendEntries RPC with log entries starting at nextIndex"; with no     *)
(* entries it is a heartbeat. SendAppendEntries is separate so the trace  *)
(* spec can send from the prefix the implementation chose.                *)
(***************************************************************************)
SendAppendEntries(i, j, prevLogIndex) ==
    Send([mtype |-> "AppendEntries", mterm |-> currentTerm[i],
          mprevLogIndex |-> prevLogIndex,
          mprevLogTerm |-> IF prevLogIndex > 0 THEN EntryTerm(log[i][prevLogIndex]) ELSE 0,
          mentries |-> SubSeq(log[i], prevLogIndex + 1, Len(log[i])),
          mcommitIndex |-> commitIndex[i],
          msource |-> i, mdest |-> j])

AppendEntries(i, j) ==
    /\ state[i] = "Leader"
    /\ j # i
    \* Entries before nextIndex are compacted: InstallSnapshot instead.
    /\ nextIndex[i][j] > snapshotIndex[i]
    /\ SendAppendEntries(i, j, nextIndex[i][j] - 1)
    /\ UNCHANGED <<persistentVars, volatileVars, committed>>

(***************************************************************************)
(* All servers: "If RPC request or response contains term T >             *)
(* currentTerm: set currentTerm = T, convert to follower". The message    *)
(* stays in the network and is then handled in the new term.              *)
(***************************************************************************)
UpdateTerm(i, m) ==
    /\ m.mterm > currentTerm[i]
    /\ currentTerm' = [currentTerm EXCEPT ![i] = m.mterm]
    /\ state' = [state EXCEPT ![i] = "Follower"]
    /\ votedFor' = [votedFor EXCEPT ![i] = Nil]
    /\ UNCHANGED <<log, snapshotIndex, commitIndex, votesGranted, nextIndex, matchIndex, messages, committed>>

(***************************************************************************)
(* RequestVote RPC, receiver: "Reply false if term < currentTerm. If      *)
(* votedFor is null or candidateId, and candidate's log is at least as    *)
(* up-to-date as receiver's log, grant vote" (section 5.4.1).             *)
(***************************************************************************)
LogUpToDate(i, m) ==
    \/ m.mlastLogTerm > LastTerm(log[i])
    \/ /\ m.mlastLogTerm = LastTerm(log[i])
       /\ m.mlastLogIndex >= Len(log[i])

ReplyVote(i, j, m, grant) ==
    /\ votedFor' = [votedFor EXCEPT ![i] = IF grant THEN j ELSE @]
    /\ Reply([mtype |-> "RequestVoteReply", mterm |-> currentTerm[i],
              mvoteGranted |-> grant, msource |-> i, mdest |-> j], m)
    /\ UNCHANGED <<currentTerm, log, snapshotIndex, volatileVars, committed>>

HandleRequestVoteRequest(i, j, m) ==
    /\ m.mtype = "RequestVote"
    /\ m.mterm <= currentTerm[i]
    /\ ReplyVote(i, j, m, /\ m.mterm = currentTerm[i]
                          /\ votedFor[i] \in {Nil, j}
                          /\ LogUpToDate(i, m))

(* Candidates count the votes granted in their current term. *)
HandleRequestVoteReply(i, j, m) ==
    /\ m.mtype = "RequestVoteReply"
    /\ m.mterm = currentTerm[i]
    /\ state[i] = "Candidate"
    /\ votesGranted' = [votesGranted EXCEPT ![i] =
                          IF m.mvoteGranted THEN @ \cup {j} ELSE @]
    /\ Discard(m)
    /\ UNCHANGED <<persistentVars, state, commitIndex, nextIndex, matchIndex, committed>>

(***************************************************************************)
(* AppendEntries RPC, receiver:                                           *)
(* 1. Reply false if term < currentTerm.                                  *)
(* 2. Reply false if log doesn't contain an entry at prevLogIndex whose   *)
(*    term matches prevLogTerm.                                           *)
(* 3. If an existing entry conflicts with a new one (same index but       *)
(*    different terms), delete the existing entry and all that follow it. *)
(* 4. Append any new entries not already in the log.                      *)
(* 5. If leaderCommit > commitIndex, set commitIndex = min(leaderCommit,  *)
(*    index of last new entry).                                           *)
(* A candidate that hears from the leader of its term steps down.         *)
(***************************************************************************)
\* Entries up to the snapshot are committed, hence the leader's too: they match.
PrevLogMatches(i, m) ==
    IF m.mprevLogIndex <= snapshotIndex[i] THEN TRUE
    ELSE HasEntry(log[i], m.mprevLogIndex, m.mprevLogTerm)

\* Rules 3 and 4: lg after receiving entries ents placed after index prev.
\* Entries already in the log are kept, so a stale or duplicated request
\* never removes entries that a newer one appended.
MergeEntries(lg, prev, ents) ==
    LET conflicts == {k \in 1..Len(ents) : prev + k <= Len(lg) /\ lg[prev + k] # ents[k]}
    IN IF conflicts # {}
       THEN LET k == Min(conflicts)
            IN SubSeq(lg, 1, prev + k - 1) \o SubSeq(ents, k, Len(ents))
       ELSE IF prev + Len(ents) <= Len(lg) THEN lg
       ELSE SubSeq(lg, 1, prev) \o ents

\* Rules 3 and 4 on server i, for the request's entries after i's snapshot.
AppendedLog(i, m) ==
    LET skip == Min({Len(m.mentries), Max({0, snapshotIndex[i] - m.mprevLogIndex})})
    IN MergeEntries(log[i], m.mprevLogIndex + skip, SubSeq(m.mentries, skip + 1, Len(m.mentries)))

RejectAppendEntries(i, j, m) ==
    /\ state' = [state EXCEPT ![i] = IF m.mterm = currentTerm[i] THEN "Follower" ELSE @]
    /\ Reply([mtype |-> "AppendEntriesReply", mterm |-> currentTerm[i],
              msuccess |-> FALSE, mmatchIndex |-> 0,
              msource |-> i, mdest |-> j], m)
    /\ UNCHANGED <<persistentVars, commitIndex, votesGranted, nextIndex, matchIndex, committed>>

\* Rules 3 to 5 and the success reply, given the log that rules 3 and 4 produce.
AcceptAppendEntries(i, j, m, newLog) ==
    LET lastNew == m.mprevLogIndex + Len(m.mentries)
    IN /\ state' = [state EXCEPT ![i] = "Follower"]
       /\ log' = [log EXCEPT ![i] = newLog]
       /\ commitIndex' = [commitIndex EXCEPT ![i] =
             IF m.mcommitIndex > @ THEN Max({@, Min({m.mcommitIndex, lastNew})}) ELSE @]
       /\ Reply([mtype |-> "AppendEntriesReply", mterm |-> currentTerm[i],
                 msuccess |-> TRUE, mmatchIndex |-> lastNew,
                 msource |-> i, mdest |-> j], m)
       /\ UNCHANGED <<currentTerm, votedFor, snapshotIndex, votesGranted, nextIndex, matchIndex, committed>>

HandleAppendEntriesRequest(i, j, m) ==
    /\ m.mtype = "AppendEntries"
    /\ m.mterm <= currentTerm[i]
    /\ IF m.mterm = currentTerm[i] /\ state[i] # "Leader" /\ PrevLogMatches(i, m)
       THEN AcceptAppendEntries(i, j, m, AppendedLog(i, m))
       ELSE RejectAppendEntries(i, j, m)

(***************************************************************************)
(* Leaders: "If successful: update nextIndex and matchIndex for follower. *)
(* If AppendEntries fails because of log inconsistency: decrement         *)
(* nextIndex and retry". matchIndex never goes back: a reordered older    *)
(* reply must not undo what a newer one reported.                         *)
(***************************************************************************)
HandleAppendEntriesReply(i, j, m) ==
    /\ m.mtype = "AppendEntriesReply"
    /\ m.mterm = currentTerm[i]
    /\ state[i] = "Leader"
    /\ IF m.msuccess
       THEN /\ nextIndex' = [nextIndex EXCEPT ![i][j] = m.mmatchIndex + 1]
            /\ matchIndex' = [matchIndex EXCEPT ![i][j] = Max({@, m.mmatchIndex})]
       ELSE /\ nextIndex' = [nextIndex EXCEPT ![i][j] = Max({@ - 1, 1})]
            /\ UNCHANGED matchIndex
    /\ Discard(m)
    /\ UNCHANGED <<persistentVars, state, commitIndex, votesGranted, committed>>

(* A reply from an older term, or for a role i no longer holds, is dropped. *)
DropStaleReply(i, m) ==
    /\ IsReply(m)
    /\ m.mterm <= currentTerm[i]
    /\ \/ m.mterm < currentTerm[i]
       \/ m.mtype = "RequestVoteReply" /\ state[i] # "Candidate"
       \/ m.mtype \in {"AppendEntriesReply", "InstallSnapshotReply"} /\ state[i] # "Leader"
    /\ Discard(m)
    /\ UNCHANGED <<persistentVars, volatileVars, committed>>

(***************************************************************************)
(* Log compaction (section 7): server i snapshots its state machine after *)
(* applying entry n; entries up to n are then compacted away.             *)
(***************************************************************************)
Snapshot(i, n) ==
    /\ SnapshotAllowed(i)
    /\ n \in snapshotIndex[i] + 1 .. commitIndex[i]
    /\ snapshotIndex' = [snapshotIndex EXCEPT ![i] = n]
    /\ UNCHANGED <<currentTerm, votedFor, log, volatileVars, messages, committed>>

(***************************************************************************)
(* Leaders: send the snapshot. A leader does so when a follower needs     *)
(* entries already compacted (nextIndex at or before the snapshot), but   *)
(* the spec lets it send any time: the follower may hold the entries by   *)
(* then (a retransmission, a reply still in flight), the case Figure 13's *)
(* rule 6 is for, and small models reach that case only this way.          *)
(***************************************************************************)
SendInstallSnapshot(i, j) ==
    Send([mtype |-> "InstallSnapshot", mterm |-> currentTerm[i],
          mlastIncludedIndex |-> snapshotIndex[i],
          mlastIncludedTerm |-> EntryTerm(log[i][snapshotIndex[i]]),
          mdata |-> SubSeq(log[i], 1, snapshotIndex[i]),
          msource |-> i, mdest |-> j])

InstallSnapshot(i, j) ==
    /\ state[i] = "Leader"
    /\ j # i
    /\ snapshotIndex[i] > 0
    /\ SendInstallSnapshot(i, j)
    /\ UNCHANGED <<persistentVars, volatileVars, committed>>

(***************************************************************************)
(* InstallSnapshot RPC, receiver (Figure 13, in one message):             *)
(* 1. Reply immediately if term < currentTerm.                            *)
(* 6. If an existing log entry has the same index and term as the         *)
(*    snapshot's last included entry, retain the entries following it.   *)
(* 7. Otherwise discard the entire log; 8. reset the state machine from   *)
(*    the snapshot. A snapshot the server's committed entries already     *)
(*    cover is not installed (it would move the state machine back).      *)
(* The reply tells the leader the follower holds lastIncludedIndex.        *)
(***************************************************************************)
InstalledLog(i, m) ==
    IF HasEntry(log[i], m.mlastIncludedIndex, m.mlastIncludedTerm)
    THEN m.mdata \o SubSeq(log[i], m.mlastIncludedIndex + 1, Len(log[i]))
    ELSE m.mdata

ReplySnapshot(i, j, m, index) ==
    Reply([mtype |-> "InstallSnapshotReply", mterm |-> currentTerm[i],
           mmatchIndex |-> index, msource |-> i, mdest |-> j], m)

HandleInstallSnapshotRequest(i, j, m) ==
    /\ m.mtype = "InstallSnapshot"
    /\ m.mterm <= currentTerm[i]
    /\ IF m.mterm = currentTerm[i] /\ state[i] # "Leader"
       THEN /\ state' = [state EXCEPT ![i] = "Follower"]
            /\ IF m.mlastIncludedIndex > commitIndex[i]
               THEN /\ log' = [log EXCEPT ![i] = InstalledLog(i, m)]
                    /\ snapshotIndex' = [snapshotIndex EXCEPT ![i] = m.mlastIncludedIndex]
                    /\ commitIndex' = [commitIndex EXCEPT ![i] = m.mlastIncludedIndex]
               ELSE UNCHANGED <<log, snapshotIndex, commitIndex>>
            /\ ReplySnapshot(i, j, m, m.mlastIncludedIndex)
            /\ UNCHANGED <<currentTerm, votedFor, votesGranted, nextIndex, matchIndex, committed>>
       ELSE /\ ReplySnapshot(i, j, m, 0)
            /\ UNCHANGED <<persistentVars, volatileVars, committed>>

(* Leaders: the follower now holds the snapshot's entries. *)
HandleInstallSnapshotReply(i, j, m) ==
    /\ m.mtype = "InstallSnapshotReply"
    /\ m.mterm = currentTerm[i]
    /\ state[i] = "Leader"
    /\ matchIndex' = [matchIndex EXCEPT ![i][j] = Max({@, m.mmatchIndex})]
    /\ nextIndex' = [nextIndex EXCEPT ![i][j] = Max({@, m.mmatchIndex + 1})]
    /\ Discard(m)
    /\ UNCHANGED <<persistentVars, state, commitIndex, votesGranted, committed>>

(* The network delivers, duplicates or loses a message. *)
Receive(m) ==
    LET i == m.mdest
        j == m.msource
    IN \/ UpdateTerm(i, m)
       \/ HandleRequestVoteRequest(i, j, m)
       \/ HandleRequestVoteReply(i, j, m)
       \/ HandleAppendEntriesRequest(i, j, m)
       \/ HandleAppendEntriesReply(i, j, m)
       \/ HandleInstallSnapshotRequest(i, j, m)
       \/ HandleInstallSnapshotReply(i, j, m)
       \/ DropStaleReply(i, m)

DuplicateMessage(m) ==
    /\ DuplicateAllowed(m)
    /\ Send(m)
    /\ UNCHANGED <<persistentVars, volatileVars, committed>>

DropMessage(m) ==
    /\ DropAllowed(m)
    /\ Discard(m)
    /\ UNCHANGED <<persistentVars, volatileVars, committed>>

Next ==
    \/ \E i \in Server : Restart(i)
    \/ \E i \in Server : Timeout(i)
    \/ \E i, j \in Server : RequestVote(i, j)
    \/ \E i \in Server : BecomeLeader(i)
    \/ \E i \in Server : ClientRequest(i)
    \/ \E i \in Server : AdvanceCommitIndex(i)
    \/ \E i, j \in Server : AppendEntries(i, j)
    \* Any n of the log: Snapshot's own guard keeps it to committed entries.
    \/ \E i \in Server : \E n \in 1 .. Len(log[i]) : Snapshot(i, n)
    \/ \E i, j \in Server : InstallSnapshot(i, j)
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

Spec == Init /\ [][Next]_vars

(***************************************************************************)
(* Figure 3's properties, plus TypeOK and committed entries never lost.  *)
(***************************************************************************)
TypeOK ==
    /\ currentTerm \in [Server -> Nat]
    /\ votedFor \in [Server -> Server \cup {Nil}]
    /\ \A i \in Server : log[i] \in Seq(Nat)
    /\ \A i \in Server : snapshotIndex[i] \in 0 .. Len(log[i])
    /\ state \in [Server -> {"Follower", "Candidate", "Leader"}]
    /\ commitIndex \in [Server -> Nat]
    /\ votesGranted \in [Server -> SUBSET Server]
    /\ nextIndex \in [Server -> [Server -> Nat \ {0}]]
    /\ matchIndex \in [Server -> [Server -> Nat]]
    /\ \A m \in DOMAIN messages : messages[m] \in Nat \ {0}

\* Election Safety: at most one leader can be elected in a given term.
ElectionSafety ==
    \A i, j \in Server :
        (state[i] = "Leader" /\ state[j] = "Leader" /\ currentTerm[i] = currentTerm[j]) => i = j

\* Leader Append-Only: a leader never overwrites or deletes entries in its log.
LeaderAppendOnly ==
    [][\A i \in Server :
         (state[i] = "Leader" /\ state'[i] = "Leader") =>
             SubSeq(log'[i], 1, Len(log[i])) = log[i]]_vars

\* Log Matching: if two logs contain an entry with the same index and term,
\* the logs are identical in all entries up through that index.
LogMatching ==
    \A i, j \in Server : \A n \in 1 .. Min({Len(log[i]), Len(log[j])}) :
        EntryTerm(log[i][n]) = EntryTerm(log[j][n]) => SubSeq(log[i], 1, n) = SubSeq(log[j], 1, n)

\* Leader Completeness: an entry committed in a term is present in the logs
\* of the leaders of all higher-numbered terms.
LeaderCompleteness ==
    \A i \in Server : state[i] = "Leader" =>
        \A c \in committed : c.commitTerm < currentTerm[i] => HasEntry(log[i], c.index, c.term)

\* State Machine Safety: no two servers apply different entries at the same
\* index. A server applies exactly its first commitIndex entries, so it must
\* still hold them, and no index is ever committed with two different terms.
StateMachineSafety ==
    /\ \A i \in Server : commitIndex[i] <= Len(log[i])
    /\ \A i, j \in Server : \A n \in 1 .. Min({commitIndex[i], commitIndex[j], Len(log[i]), Len(log[j])}) :
           log[i][n] = log[j][n]
    /\ \A c, d \in committed : c.index = d.index => c.term = d.term

\* A snapshot holds only applied, hence committed, entries.
SnapshotCommitted == \A i \in Server : snapshotIndex[i] <= commitIndex[i]

\* The commit index never falls, but on a restart (back to the snapshot's index,
\* the volatile state lost): the state machine never goes back.
CommitIndexMonotone ==
    [][\A i \in Server : commitIndex'[i] < commitIndex[i] => Restart(i)]_vars

\* A committed entry is never lost from a majority of logs.
CommittedOnQuorum ==
    \A c \in committed : {s \in Server : HasEntry(log[s], c.index, c.term)} \in Quorum

(***************************************************************************)
(* Liveness: while messages are delivered and no server crashes, some     *)
(* leader is eventually elected. Timeouts are randomized in Raft so that  *)
(* one server usually times out alone; LiveTimeout models that by letting *)
(* a server time out only when nobody campaigns or leads in a term as     *)
(* high as its own.                                                       *)
(***************************************************************************)
LiveTimeout(i) ==
    /\ \A k \in Server : state[k] \in {"Candidate", "Leader"} => currentTerm[k] < currentTerm[i]
                                                               \/ k = i
    /\ Timeout(i)

LiveNext ==
    \/ \E i \in Server : LiveTimeout(i)
    \/ \E i, j \in Server : RequestVote(i, j)
    \/ \E i \in Server : BecomeLeader(i)
    \/ \E i, j \in Server : AppendEntries(i, j)
    \/ \E m \in DOMAIN messages : Receive(m)

LiveSpec ==
    /\ Init /\ [][LiveNext]_vars
    /\ \A i \in Server : WF_vars(LiveTimeout(i)) /\ WF_vars(BecomeLeader(i))
    /\ \A i, j \in Server : WF_vars(RequestVote(i, j))
    \* Per link: the messages from j to i are delivered, whatever other links do.
    /\ \A i, j \in Server : WF_vars(\E m \in DOMAIN messages : m.msource = j /\ m.mdest = i /\ Receive(m))

EventuallyLeader == <>(\E i \in Server : state[i] = "Leader")
=============================================================================
