---------------------------- MODULE RaftLeadership ----------------------------
(***************************************************************************)
(* How a Raft leader is chosen, kept, handed over and confirmed, beyond   *)
(* Figure 2 (Ongaro's dissertation): pre-vote and leader stickiness       *)
(* (9.6), check-quorum (6.2, 9.6), leadership transfer (3.10) and         *)
(* ReadIndex reads (6.4). One action per rule, named as the Java core's   *)
(* handlers. Raft.tla is used unchanged: each of its actions appears here *)
(* as `L<name>`, the same step plus what it does to this module's state   *)
(* (a trace of event <name> is checked against L<name>). Every action    *)
(* takes the acting server i, and a handler also the sender j and the    *)
(* message m, so a trace spec can drive each by name, as RaftTrace does.  *)
(*                                                                         *)
(* Elections: a server whose election timer fires becomes a PreCandidate  *)
(* (PreVoteTimeout) and asks the others whether they would vote for it at *)
(* its next term (PreVote, carrying that term); nobody's term or vote     *)
(* changes in that round. A voter refuses while it has heard from a       *)
(* current leader within the election timeout (heardFromLeader: set by    *)
(* the leader's AppendEntries, cleared by its own timer firing, which is  *)
(* PreVoteTimeout) and, as in dissertation 4.2.3, the same stickiness     *)
(* makes it ignore a RequestVote's higher term. Only a PreCandidate that  *)
(* won a quorum starts the real election (BecomeCandidate). Raft's        *)
(* Timeout is not an action of this spec.                                 *)
(*                                                                         *)
(* Transfer: the leader stops taking proposals (TransferLeadership), its  *)
(* AppendEntries bring the target up to date, and once the target's       *)
(* matchIndex is the leader's last index it sends TimeoutNow. The target  *)
(* starts an election at once, skipping pre-vote; its RequestVotes carry  *)
(* mtransfer, which overrides stickiness but never the log check.         *)
(*                                                                         *)
(* Reads: a leader that has committed an entry of its own term (a no-op,  *)
(* which here is an entry like any other, appended by ClientRequest)      *)
(* takes a read at its commit index (ReadIndex), confirms by a round of   *)
(* ReadHeartbeats that a quorum still had its term after the read began,  *)
(* and answers (AnswerRead). The history variable answeredReads keeps,    *)
(* for each answer, the read index and the highest index committed        *)
(* anywhere when the read began.                                          *)
(***************************************************************************)
EXTENDS Raft

\* PreCandidates: who granted a pre-vote in the current round.
VARIABLES preVotesGranted
\* Followers: heard from a leader of the current term within the election
\* timeout (leader stickiness). Timing is abstract: the flag stands for it.
VARIABLES heardFromLeader
\* Leaders (check-quorum): the servers heard from since the last check.
VARIABLES recentlyActive
\* Leaders: the server leadership is being handed to, or Nil.
VARIABLES transferTarget
\* Candidates: the election was started by TimeoutNow.
VARIABLES transferElection
\* The read a leader took and is confirming, with the term it was taken in,
\* or NoRead. Kept if the leader steps down: a confirmed read may still be
\* answered (Restart loses it).
VARIABLES pendingRead
\* Reads taken so far (a read's id; also bounds the model).
VARIABLES readCount
\* History, for ReadIndexSafety only: every answered read as [index, floor].
VARIABLES answeredReads

electionVars == <<preVotesGranted, heardFromLeader, recentlyActive, transferTarget, transferElection>>
readVars == <<pendingRead, readCount, answeredReads>>
allVars == <<vars, electionVars, readVars>>

Roles == {"Follower", "PreCandidate", "Candidate", "Leader"}
NoRead == [id |-> 0, term |-> 0, index |-> 0, floor |-> 0, acks |-> {}]

\* Bounds and feature switches: unbounded here; a model overrides them with `<-`.
\* TimeoutAllowed (Raft's) bounds BecomeCandidate; PreVoteAllowed bounds PreVoteTimeout
\* (a pre-vote round changes no term); TransferAllowed bounds TransferLeadership and
\* the election HandleTimeoutNow starts.
PreVoteAllowed(i) == TRUE
TransferAllowed(i) == TRUE
ReadAllowed(i) == TRUE

(***************************************************************************)
(* Leader stickiness. A leader is sticky too: it does not give way to a   *)
(* candidate while it leads (check-quorum makes it step down when it no   *)
(* longer hears from a quorum). A transfer's RequestVote overrides it.    *)
(***************************************************************************)
IsTransferVote(m) == "mtransfer" \in DOMAIN m
Sticky(i, m) == (state[i] = "Leader" \/ heardFromLeader[i]) /\ ~IsTransferVote(m)

\* Messages whose term is no term of any server: a PreVote proposes a term,
\* and a granted PreVoteReply echoes it.
ProposesTerm(m) == m.mtype = "PreVote" \/ (m.mtype = "PreVoteReply" /\ m.mvoteGranted)

\* The highest index committed anywhere (the floor of a read begun now).
MaxCommittedIndex == Max({c.index : c \in committed} \cup {0})

\* A leader has committed an entry of its own term (section 6.4, step 1).
CommittedInTerm(i) == commitIndex[i] > 0 /\ log[i][commitIndex[i]] = currentTerm[i]

LeadershipInit ==
    /\ Init
    /\ preVotesGranted = [i \in Server |-> {}]
    /\ heardFromLeader = [i \in Server |-> FALSE]
    /\ recentlyActive = [i \in Server |-> {}]
    /\ transferTarget = [i \in Server |-> Nil]
    /\ transferElection = [i \in Server |-> FALSE]
    /\ pendingRead = [i \in Server |-> NoRead]
    /\ readCount = 0
    /\ answeredReads = {}

(***************************************************************************)
(* Pre-vote.                                                               *)
(***************************************************************************)
\* The election timer of a Follower, Candidate or PreCandidate fires: a new
\* pre-vote round, with no change of term or vote.
PreVoteTimeout(i) ==
    /\ state[i] # "Leader"
    /\ PreVoteAllowed(i)
    /\ state' = [state EXCEPT ![i] = "PreCandidate"]
    /\ preVotesGranted' = [preVotesGranted EXCEPT ![i] = {i}]
    /\ heardFromLeader' = [heardFromLeader EXCEPT ![i] = FALSE]
    /\ UNCHANGED <<persistentVars, commitIndex, votesGranted, nextIndex, matchIndex, messages, committed>>
    /\ UNCHANGED <<recentlyActive, transferTarget, transferElection, readVars>>

RequestPreVote(i, j) ==
    /\ state[i] = "PreCandidate"
    /\ j # i
    /\ j \notin preVotesGranted[i]
    /\ Send([mtype |-> "PreVote", mterm |-> currentTerm[i] + 1,
             mlastLogTerm |-> LastTerm(log[i]), mlastLogIndex |-> Len(log[i]),
             msource |-> i, mdest |-> j])
    /\ UNCHANGED <<persistentVars, volatileVars, committed, electionVars, readVars>>

\* Grant if i would vote at the proposed term: the term is ahead of i's, the
\* log is up to date, and i is not sticky. Nothing of i's changes.
HandlePreVoteRequest(i, j, m) ==
    /\ m.mtype = "PreVote"
    /\ LET grant == /\ m.mterm > currentTerm[i]
                    /\ LogUpToDate(i, m)
                    /\ ~Sticky(i, m)
       IN Reply([mtype |-> "PreVoteReply", mterm |-> IF grant THEN m.mterm ELSE currentTerm[i],
                 mvoteGranted |-> grant, msource |-> i, mdest |-> j], m)
    /\ UNCHANGED <<persistentVars, volatileVars, committed, electionVars, readVars>>

\* A refusal from a higher term goes to LUpdateTerm first; any other reply is
\* consumed here and counts if it grants this round's term.
HandlePreVoteReply(i, j, m) ==
    /\ m.mtype = "PreVoteReply"
    /\ m.mvoteGranted \/ m.mterm <= currentTerm[i]
    /\ preVotesGranted' = [preVotesGranted EXCEPT ![i] =
          IF state[i] = "PreCandidate" /\ m.mvoteGranted /\ m.mterm = currentTerm[i] + 1
          THEN @ \cup {j} ELSE @]
    /\ Discard(m)
    /\ UNCHANGED <<persistentVars, volatileVars, committed, heardFromLeader, recentlyActive,
                   transferTarget, transferElection, readVars>>

\* Figure 2's Timeout step, with or without a transfer behind it. A candidate
\* is not sticky: it knows of no leader.
Campaign(i, forced) ==
    /\ state' = [state EXCEPT ![i] = "Candidate"]
    /\ currentTerm' = [currentTerm EXCEPT ![i] = @ + 1]
    /\ votedFor' = [votedFor EXCEPT ![i] = i]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {i}]
    /\ transferElection' = [transferElection EXCEPT ![i] = forced]
    /\ heardFromLeader' = [heardFromLeader EXCEPT ![i] = FALSE]

\* A PreCandidate with a quorum of pre-votes starts the real election.
BecomeCandidate(i) ==
    /\ state[i] = "PreCandidate"
    /\ preVotesGranted[i] \in Quorum
    /\ TimeoutAllowed(i)
    /\ Campaign(i, FALSE)
    /\ UNCHANGED <<log, snapshotIndex, commitIndex, nextIndex, matchIndex, messages, committed>>
    /\ UNCHANGED <<preVotesGranted, recentlyActive, transferTarget, readVars>>

(***************************************************************************)
(* Check-quorum: at each election timeout a leader checks that it heard   *)
(* from a quorum since the last check; if not, it steps down.             *)
(***************************************************************************)
CheckQuorum(i) ==
    /\ state[i] = "Leader"
    /\ recentlyActive[i] \in Quorum
    /\ recentlyActive' = [recentlyActive EXCEPT ![i] = {i}]
    /\ UNCHANGED <<vars, preVotesGranted, heardFromLeader, transferTarget, transferElection, readVars>>

StepDown(i) ==
    /\ state[i] = "Leader"
    /\ recentlyActive[i] \notin Quorum
    /\ state' = [state EXCEPT ![i] = "Follower"]
    /\ UNCHANGED <<persistentVars, commitIndex, votesGranted, nextIndex, matchIndex, messages, committed>>
    /\ UNCHANGED <<electionVars, readVars>>

(***************************************************************************)
(* Leadership transfer.                                                    *)
(***************************************************************************)
TransferLeadership(i, j) ==
    /\ state[i] = "Leader"
    /\ TransferAllowed(i)
    /\ j # i
    /\ transferTarget[i] = Nil
    /\ transferTarget' = [transferTarget EXCEPT ![i] = j]
    /\ UNCHANGED <<vars, preVotesGranted, heardFromLeader, recentlyActive, transferElection, readVars>>

\* Once the target holds the leader's whole log.
SendTimeoutNow(i) ==
    LET t == transferTarget[i]
    IN /\ state[i] = "Leader"
       /\ t # Nil
       /\ matchIndex[i][t] = Len(log[i])
       /\ Send([mtype |-> "TimeoutNow", mterm |-> currentTerm[i], msource |-> i, mdest |-> t])
       /\ UNCHANGED <<persistentVars, volatileVars, committed, electionVars, readVars>>

\* The transfer did not finish within an election timeout: the leader resumes.
TransferTimeout(i) ==
    /\ state[i] = "Leader"
    /\ transferTarget[i] # Nil
    /\ transferTarget' = [transferTarget EXCEPT ![i] = Nil]
    /\ UNCHANGED <<vars, preVotesGranted, heardFromLeader, recentlyActive, transferElection, readVars>>

\* A follower of the sender's term starts an election at once; otherwise the
\* message is stale and dropped.
HandleTimeoutNow(i, j, m) ==
    /\ m.mtype = "TimeoutNow"
    /\ m.mterm <= currentTerm[i]
    /\ Discard(m)
    /\ IF m.mterm = currentTerm[i] /\ state[i] \in {"Follower", "PreCandidate"} /\ TransferAllowed(i)
       THEN /\ Campaign(i, TRUE)
            /\ UNCHANGED <<log, snapshotIndex, commitIndex, nextIndex, matchIndex, committed>>
            /\ UNCHANGED <<preVotesGranted, recentlyActive, transferTarget, readVars>>
       ELSE UNCHANGED <<persistentVars, volatileVars, committed, electionVars, readVars>>

\* A candidate of a transfer election asks for votes with mtransfer set.
RequestTransferVote(i, j) ==
    /\ state[i] = "Candidate"
    /\ transferElection[i]
    /\ j # i
    /\ j \notin votesGranted[i]
    /\ Send([mtype |-> "RequestVote", mterm |-> currentTerm[i],
             mlastLogTerm |-> LastTerm(log[i]), mlastLogIndex |-> Len(log[i]),
             mtransfer |-> TRUE, msource |-> i, mdest |-> j])
    /\ UNCHANGED <<persistentVars, volatileVars, committed, electionVars, readVars>>

(***************************************************************************)
(* ReadIndex reads (dissertation 6.4). One read at a time per leader;     *)
(* many client reads would share it.                                      *)
(***************************************************************************)
ReadIndex(i) ==
    /\ state[i] = "Leader"
    /\ ReadAllowed(i)
    /\ pendingRead[i] = NoRead
    /\ CommittedInTerm(i)
    /\ pendingRead' = [pendingRead EXCEPT ![i] =
          [id |-> readCount + 1, term |-> currentTerm[i], index |-> commitIndex[i],
           floor |-> MaxCommittedIndex, acks |-> {i}]]
    /\ readCount' = readCount + 1
    /\ UNCHANGED <<vars, electionVars, answeredReads>>

SendReadHeartbeat(i, j) ==
    /\ state[i] = "Leader"
    /\ pendingRead[i] # NoRead
    /\ j # i
    /\ j \notin pendingRead[i].acks
    /\ Send([mtype |-> "ReadHeartbeat", mterm |-> currentTerm[i], mread |-> pendingRead[i].id,
             msource |-> i, mdest |-> j])
    /\ UNCHANGED <<persistentVars, volatileVars, committed, electionVars, readVars>>

\* The reply tells the leader which term i is in (a higher one goes to LUpdateTerm).
HandleReadHeartbeatRequest(i, j, m) ==
    /\ m.mtype = "ReadHeartbeat"
    /\ m.mterm <= currentTerm[i]
    /\ Reply([mtype |-> "ReadHeartbeatReply", mterm |-> currentTerm[i], mread |-> m.mread,
              msource |-> i, mdest |-> j], m)
    /\ UNCHANGED <<persistentVars, volatileVars, committed, electionVars, readVars>>

\* A reply to the read being confirmed acknowledges it if it has the read's
\* term: not i's current term, which a reply of a higher term may have just
\* raised (LUpdateTerm) without confirming anything.
HandleReadHeartbeatReply(i, j, m) ==
    /\ m.mtype = "ReadHeartbeatReply"
    /\ m.mterm <= currentTerm[i]
    /\ pendingRead' = [pendingRead EXCEPT ![i] =
          IF m.mread = @.id /\ m.mterm = @.term THEN [@ EXCEPT !.acks = @ \cup {j}] ELSE @]
    /\ Discard(m)
    /\ UNCHANGED <<persistentVars, volatileVars, committed, electionVars, readCount, answeredReads>>

\* Confirmed by a quorum: answer at the read index (the state machine has
\* applied it: the read index is at most the commit index).
AnswerRead(i) ==
    /\ pendingRead[i] # NoRead
    /\ pendingRead[i].acks \in Quorum
    /\ answeredReads' = answeredReads \cup {[index |-> pendingRead[i].index, floor |-> pendingRead[i].floor]}
    /\ pendingRead' = [pendingRead EXCEPT ![i] = NoRead]
    /\ UNCHANGED <<vars, electionVars, readCount>>

(***************************************************************************)
(* Raft's actions with this module's state.                               *)
(***************************************************************************)
LRestart(i) ==
    /\ Restart(i)
    /\ preVotesGranted' = [preVotesGranted EXCEPT ![i] = {}]
    /\ heardFromLeader' = [heardFromLeader EXCEPT ![i] = FALSE]
    /\ recentlyActive' = [recentlyActive EXCEPT ![i] = {}]
    /\ transferTarget' = [transferTarget EXCEPT ![i] = Nil]
    /\ transferElection' = [transferElection EXCEPT ![i] = FALSE]
    /\ pendingRead' = [pendingRead EXCEPT ![i] = NoRead]
    /\ UNCHANGED <<readCount, answeredReads>>

\* An ordinary candidate's RequestVote (no mtransfer).
LRequestVote(i, j) ==
    /\ ~transferElection[i]
    /\ RequestVote(i, j)
    /\ UNCHANGED <<electionVars, readVars>>

LBecomeLeader(i) ==
    /\ BecomeLeader(i)
    /\ recentlyActive' = [recentlyActive EXCEPT ![i] = {i}]
    /\ transferTarget' = [transferTarget EXCEPT ![i] = Nil]
    /\ pendingRead' = [pendingRead EXCEPT ![i] = NoRead]
    /\ UNCHANGED <<preVotesGranted, heardFromLeader, transferElection, readCount, answeredReads>>

\* No proposals while a transfer is under way.
LClientRequest(i) ==
    /\ transferTarget[i] = Nil
    /\ ClientRequest(i)
    /\ UNCHANGED <<electionVars, readVars>>

LAdvanceCommitIndex(i) == AdvanceCommitIndex(i) /\ UNCHANGED <<electionVars, readVars>>
LAppendEntries(i, j) == AppendEntries(i, j) /\ UNCHANGED <<electionVars, readVars>>

\* A pre-vote changes nobody's term; a sticky voter ignores a RequestVote's term.
LUpdateTerm(i, m) ==
    /\ ~ProposesTerm(m)
    /\ ~(m.mtype = "RequestVote" /\ Sticky(i, m))
    /\ UpdateTerm(i, m)
    /\ UNCHANGED <<electionVars, readVars>>

\* A sticky voter refuses in its own term (the candidate drops the reply as stale).
LHandleRequestVoteRequest(i, j, m) ==
    /\ IF m.mtype = "RequestVote" /\ Sticky(i, m)
       THEN ReplyVote(i, j, m, FALSE)
       ELSE HandleRequestVoteRequest(i, j, m)
    /\ UNCHANGED <<electionVars, readVars>>

LHandleRequestVoteReply(i, j, m) ==
    HandleRequestVoteReply(i, j, m) /\ UNCHANGED <<electionVars, readVars>>

\* An AppendEntries of i's term comes from the current leader.
LHandleAppendEntriesRequest(i, j, m) ==
    /\ HandleAppendEntriesRequest(i, j, m)
    /\ heardFromLeader' = [heardFromLeader EXCEPT ![i] = @ \/ m.mterm = currentTerm[i]]
    /\ UNCHANGED <<preVotesGranted, recentlyActive, transferTarget, transferElection, readVars>>

LHandleAppendEntriesReply(i, j, m) ==
    /\ HandleAppendEntriesReply(i, j, m)
    /\ recentlyActive' = [recentlyActive EXCEPT ![i] = @ \cup {j}]
    /\ UNCHANGED <<preVotesGranted, heardFromLeader, transferTarget, transferElection, readVars>>

\* Snapshots (section 7). LeadershipNext leaves them out: its models are about
\* elections, where a snapshot only shortens a log. RaftTrace checks the core's
\* snapshot events against these. An InstallSnapshot of i's term comes from the
\* current leader, as an AppendEntries does, and its reply counts for check-quorum.
LSnapshot(i, n) == Snapshot(i, n) /\ UNCHANGED <<electionVars, readVars>>
LInstallSnapshot(i, j) == InstallSnapshot(i, j) /\ UNCHANGED <<electionVars, readVars>>

LHandleInstallSnapshotRequest(i, j, m) ==
    /\ HandleInstallSnapshotRequest(i, j, m)
    /\ heardFromLeader' = [heardFromLeader EXCEPT ![i] = @ \/ m.mterm = currentTerm[i]]
    /\ UNCHANGED <<preVotesGranted, recentlyActive, transferTarget, transferElection, readVars>>

LHandleInstallSnapshotReply(i, j, m) ==
    /\ HandleInstallSnapshotReply(i, j, m)
    /\ recentlyActive' = [recentlyActive EXCEPT ![i] = @ \cup {j}]
    /\ UNCHANGED <<preVotesGranted, heardFromLeader, transferTarget, transferElection, readVars>>

LDropStaleReply(i, m) == DropStaleReply(i, m) /\ UNCHANGED <<electionVars, readVars>>
LDuplicateMessage(m) == DuplicateMessage(m) /\ UNCHANGED <<electionVars, readVars>>
LDropMessage(m) == DropMessage(m) /\ UNCHANGED <<electionVars, readVars>>

LeadershipNext ==
    \/ \E i \in Server : LRestart(i)
    \/ \E i \in Server : PreVoteTimeout(i)
    \/ \E i, j \in Server : RequestPreVote(i, j)
    \/ \E i \in Server : BecomeCandidate(i)
    \/ \E i, j \in Server : LRequestVote(i, j)
    \/ \E i, j \in Server : RequestTransferVote(i, j)
    \/ \E i \in Server : LBecomeLeader(i)
    \/ \E i \in Server : LClientRequest(i)
    \/ \E i \in Server : LAdvanceCommitIndex(i)
    \/ \E i, j \in Server : LAppendEntries(i, j)
    \/ \E i \in Server : CheckQuorum(i)
    \/ \E i \in Server : StepDown(i)
    \/ \E i, j \in Server : TransferLeadership(i, j)
    \/ \E i \in Server : SendTimeoutNow(i)
    \/ \E i \in Server : TransferTimeout(i)
    \/ \E i \in Server : ReadIndex(i)
    \/ \E i, j \in Server : SendReadHeartbeat(i, j)
    \/ \E i \in Server : AnswerRead(i)
    \* Receive, one disjunct per handler so that TLC names each step.
    \/ \E m \in DOMAIN messages : LUpdateTerm(m.mdest, m)
    \/ \E m \in DOMAIN messages : HandlePreVoteRequest(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : HandlePreVoteReply(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : LHandleRequestVoteRequest(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : LHandleRequestVoteReply(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : LHandleAppendEntriesRequest(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : LHandleAppendEntriesReply(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : HandleTimeoutNow(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : HandleReadHeartbeatRequest(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : HandleReadHeartbeatReply(m.mdest, m.msource, m)
    \/ \E m \in DOMAIN messages : LDropStaleReply(m.mdest, m)
    \/ \E m \in DOMAIN messages : LDuplicateMessage(m)
    \/ \E m \in DOMAIN messages : LDropMessage(m)

LeadershipSpec == LeadershipInit /\ [][LeadershipNext]_allVars

(***************************************************************************)
(* Properties. Figure 3's and CommittedOnQuorum are Raft's; LeaderAppend- *)
(* Only there is stated over Raft's vars, which this module's steps may   *)
(* leave unchanged: LeadershipAppendOnly is the same over allVars.        *)
(***************************************************************************)
LeadershipTypeOK ==
    /\ state \in [Server -> Roles]
    /\ currentTerm \in [Server -> Nat]
    /\ votedFor \in [Server -> Server \cup {Nil}]
    /\ commitIndex \in [Server -> Nat]
    /\ preVotesGranted \in [Server -> SUBSET Server]
    /\ heardFromLeader \in [Server -> BOOLEAN]
    /\ recentlyActive \in [Server -> SUBSET Server]
    /\ transferTarget \in [Server -> Server \cup {Nil}]
    /\ transferElection \in [Server -> BOOLEAN]
    /\ readCount \in Nat

LeadershipAppendOnly ==
    [][\A i \in Server :
         (state[i] = "Leader" /\ state'[i] = "Leader") =>
             SubSeq(log'[i], 1, Len(log[i])) = log[i]]_allVars

\* What pre-vote must not change. Only an election creates a term: the
\* highest term in use is the term of a server that voted for itself in it
\* (a candidate keeps its own vote until its term changes).
TermsFromElections ==
    LET top == Max({currentTerm[k] : k \in Server})
    IN top = 0 \/ \E k \in Server : currentTerm[k] = top /\ votedFor[k] = k

\* ... and a vote goes only to a server that stood as candidate in that term.
VotesForCandidates ==
    \A i \in Server : votedFor[i] # Nil =>
        LET k == votedFor[i]
        IN currentTerm[k] > currentTerm[i] \/ (currentTerm[k] = currentTerm[i] /\ votedFor[k] = k)

\* Every answered read saw every entry committed anywhere before it began.
ReadIndexSafety == \A r \in answeredReads : r.index >= r.floor
=============================================================================
