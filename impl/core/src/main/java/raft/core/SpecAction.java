package raft.core;

/**
 * The actions of spec/tla/Raft.tla (and of RaftTrace.tla, which checks traces against it)
 * that {@link RaftCore} reports to its {@link Tracer}. The constants are spelled exactly as
 * the TLA+ actions, against Java custom, so one name greps across Java and TLA+ and
 * {@link #name()} is what a trace carries. raft.spec.trace.SpecNamesTest fails the build when
 * a constant is not an action of the spec or of the trace spec's event dispatch, so a rename
 * on either side has to be made on both.
 *
 * The core's handler of a TLA+ action has the same name with a lower-case first letter
 * (HandleAppendEntriesReply: handleAppendEntriesReply).
 */
public enum SpecAction {
    /** The node starts from what storage recovered. */
    Restart,
    /** Election timeout: a new term, a vote for itself. */
    Timeout,
    /** A candidate sends one RequestVote (the event carries it). */
    RequestVote,
    BecomeLeader,
    ClientRequest,
    AdvanceCommitIndex,
    /** The leader sends one AppendEntries (the event carries it). */
    AppendEntries,
    /** The leader sends its snapshot instead of entries it no longer has. */
    InstallSnapshot,
    /** The service's snapshot compacts the log; no step in the spec. */
    Snapshot,
    UpdateTerm,
    HandleRequestVoteRequest,
    HandleRequestVoteReply,
    HandleAppendEntriesRequest,
    HandleAppendEntriesReply,
    HandleInstallSnapshotRequest,
    HandleInstallSnapshotReply,
    DropStaleReply,
    // spec/tla/RaftLeadership.tla: pre-vote and check-quorum (thesis 9.6), leadership transfer (3.10)
    PreVoteTimeout,
    RequestPreVote,
    HandlePreVoteRequest,
    HandlePreVoteReply,
    BecomeCandidate,
    CheckQuorum,
    StepDown,
    TransferLeadership,
    SendTimeoutNow,
    TransferTimeout,
    HandleTimeoutNow,
    RequestTransferVote,
    // spec/tla/RaftLeadership.tla: ReadIndex reads (thesis 6.4)
    /** A leader starts a read round at its commit index (the event's commitIndex). */
    ReadIndex,
    SendReadHeartbeat,
    HandleReadHeartbeatRequest,
    HandleReadHeartbeatReply,
    /** A quorum confirmed the round: its reads are answered at its index. */
    AnswerRead,
    // spec/tla/RaftMembership.tla: single-server changes with learners (thesis 4.1, the 2015 fix).
    // RaftTrace.tla takes the three changes as a ClientRequest (an entry of the leader's term) and
    // StepDownRemoved as a StepDown; RaftMembershipTrace.tla checks them as themselves.
    /** The leader appends a configuration entry adding a learner (the event's log holds it). */
    AddLearner,
    PromoteLearner,
    RemoveServer,
    /** A leader outside its configuration's voters steps down once that configuration commits. */
    StepDownRemoved
}
