package raft.core;

import raft.core.Message.AppendEntries;
import raft.core.Message.AppendEntriesReply;
import raft.core.Message.InstallSnapshot;
import raft.core.Message.InstallSnapshotReply;
import raft.core.Message.PreVote;
import raft.core.Message.PreVoteReply;
import raft.core.Message.ReadHeartbeat;
import raft.core.Message.ReadHeartbeatReply;
import raft.core.Message.ReadIndexReply;
import raft.core.Message.ReadIndexRequest;
import raft.core.Message.RequestVote;
import raft.core.Message.RequestVoteReply;
import raft.core.Message.TimeoutNow;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Figure 2 of the extended Raft paper plus section 7's snapshots, as a deterministic
 * state machine: no threads, clocks or I/O. Optional (RaftConfig): pre-vote and
 * check-quorum (thesis 9.6); always available: leadership transfer (thesis 3.10), with the
 * action names of spec/tla/RaftLeadership.tla. Inputs are {@link #tick()}, {@link #step},
 * {@link #clientRequest}, {@link #flush()} and {@link #snapshot}; after each, {@link #ready()}
 * hands back what to persist, send and apply. Handler names follow spec/Raft.tla.
 * Not thread-safe: the node wrapper serialises all calls.
 */
public final class RaftCore {
    private final int id;
    /** The configuration before any configuration entry or snapshot (a joiner's is empty). */
    private final Membership initialConfig;
    private final RaftConfig config;
    private final RandomGenerator random;
    private final Tracer tracer;

    // Persistent state (Figure 2) plus the latest snapshot.
    private long currentTerm;
    private int votedFor;
    private final RaftLog log;
    private byte[] snapshotData;

    // Volatile state. lastApplied means "handed out in a Ready"; it always catches up
    // with commitIndex within the same input.
    private long commitIndex;
    private long lastApplied;
    private Role role;

    private int electionElapsed;
    private int electionTimeout;
    private int heartbeatElapsed;
    /**
     * Leader stickiness (thesis 9.6, 4.2.3): set by an AppendEntries/InstallSnapshot of the
     * current term, cleared when this node's own election timer fires (or it campaigns). While
     * set (or while leader) it refuses pre-votes and ignores RequestVotes that are not a
     * transfer's, when pre-vote or check-quorum is on. Named as spec/tla's heardFromLeader.
     */
    private boolean heardFromLeader;

    // Output accumulated since the last ready().
    private final List<Message> earlyOut = new ArrayList<>();
    private final List<Message> outbox = new ArrayList<>();
    private final List<ApplyMsg> applies = new ArrayList<>();
    private final List<ReadState> reads = new ArrayList<>();
    /** The caller's clock (scheduler ms) as last told by {@link #setNow}: only lease reads use it. */
    private long now;
    private boolean hardStateDirty;
    private long dirtyFrom = Long.MAX_VALUE;
    private long persistedLastIndex;
    private RaftStorage.SnapshotData pendingSnapshot;
    private boolean flushWanted;
    /**
     * Highest index known durable in storage and still in the in-memory log. The leader
     * counts itself toward a quorum only up to here (thesis 10.2.1), since its log write
     * runs in parallel with replication.
     */
    private long durableIndex;

    /** Restart of a member of the fixed cluster 0..clusterSize-1 (the initial configuration: all voters). */
    public RaftCore(int id, int clusterSize, RaftConfig config, RaftStorage.Recovered recovered,
                    RandomGenerator random, Tracer tracer) {
        this(id, sizedCluster(id, clusterSize), config, recovered, random, tracer);
    }

    private static Membership sizedCluster(int id, int clusterSize) {
        if (clusterSize < 1 || id < 0 || id >= clusterSize) {
            throw new IllegalArgumentException("bad id " + id + " for cluster of " + clusterSize);
        }
        return Membership.ofSize(clusterSize);
    }

    /**
     * Restart: persistent state from storage, every volatile field from scratch. initial is the
     * configuration until the log or a snapshot holds one; null or empty for a server that joins
     * a running cluster (it never campaigns and waits to be contacted).
     */
    public RaftCore(int id, Membership initial, RaftConfig config, RaftStorage.Recovered recovered,
                    RandomGenerator random, Tracer tracer) {
        if (id < 0) {
            throw new IllegalArgumentException("bad id " + id + ": ids are >= 0");
        }
        if (config.electionTicksMin() < 1 || config.electionTicksMax() < config.electionTicksMin()
                || config.heartbeatTicks() < 1 || config.heartbeatTicks() >= config.electionTicksMin()
                || config.maxEntriesPerAppend() < 1) {
            throw new IllegalArgumentException("bad config " + config
                    + ": need 1 <= heartbeatTicks < electionTicksMin <= electionTicksMax, maxEntriesPerAppend >= 1");
        }
        this.id = id;
        this.initialConfig = initial == null ? new Membership(List.of(), List.of()) : initial;
        this.config = config;
        this.random = random;
        this.tracer = tracer;
        this.currentTerm = recovered.term();
        this.votedFor = recovered.votedFor();
        this.log = new RaftLog(recovered.snapshotIndex(), recovered.snapshotTerm(), recovered.entries(),
                recovered.snapshotConfig() != null ? recovered.snapshotConfig() : initialConfig);
        this.snapshotData = recovered.snapshot();
        restart();
    }

    /** Restart: every volatile field from scratch; the service starts again from the snapshot. */
    private void restart() {
        commitIndex = log.snapshotIndex();
        lastApplied = log.snapshotIndex();
        persistedLastIndex = log.lastIndex();
        durableIndex = log.lastIndex();
        role = new FollowerRole(-1);
        resetElectionTimer();
        if (log.snapshotIndex() > 0 && snapshotData != null) {
            // The service restarts empty; the snapshot is its starting point.
            applies.add(new ApplyMsg.Snapshot(log.snapshotIndex(), log.snapshotTerm(), snapshotData));
        }
        trace(SpecAction.Restart, null);
    }

    // ---------------------------------------------------------------- inputs

    /** One unit of logical time. */
    public void tick() {
        if (role instanceof LeaderRole leader) {
            if (++heartbeatElapsed >= config.heartbeatTicks()) {
                heartbeatElapsed = 0;
                for (int p : peers(leader)) {
                    appendEntries(p);
                }
                readHeartbeatTick(leader);
            }
            if (config.checkQuorum() && ++leader.checkElapsed >= config.electionTicksMin()) {
                leader.checkElapsed = 0;
                if (!leader.quorumActiveThenReset(log.config())) {
                    stepDown();
                    return;
                }
                trace(SpecAction.CheckQuorum, null);
            }
            if (leader.transfer != null && ++leader.transfer.elapsedTicks >= config.electionTicksMax()) {
                leader.transfer = null;
                trace(SpecAction.TransferTimeout, null);
            }
            return;
        }
        if (++electionElapsed >= electionTimeout) {
            if (!log.config().isVoter(id)) {
                // MTimeout: a learner, a joiner or a removed server waits to hear from a leader.
                resetElectionTimer();
            } else if (config.preVote()) {
                preVoteTimeout();
            } else {
                timeout();
            }
        }
    }

    /** An incoming message. Messages for other nodes or from unknown nodes are a routing bug. */
    public void step(Message m) {
        // Any other id may write: a leader this joiner has no configuration for yet, a removed server.
        if (m.to() != id || m.from() < 0 || m.from() == id) {
            throw new IllegalArgumentException("node " + id + " got misrouted message " + m);
        }
        // A pre-vote is asked in a term the sender does not have yet, and a grant echoes it:
        // neither is evidence of a real higher term (a refusal carries the voter's real term).
        // A sticky node ignores a RequestVote's term: that is what keeps a rejoining node from
        // deposing a healthy leader.
        boolean notATerm = m instanceof PreVote || (m instanceof PreVoteReply r && r.voteGranted())
                || (m instanceof RequestVote rv && sticky(rv.transfer()));
        if (m.term() > currentTerm && !notATerm) {
            updateTerm(m);
        }
        if (m instanceof ReadIndexReply r) {
            // The leader confirmed it after the request left here: valid whatever our term is now.
            reads.add(new ReadState(r.ctx(), r.index()));
            return;
        }
        if (m instanceof PreVote pv) {
            handlePreVoteRequest(pv);
        } else if (m instanceof PreVoteReply r) {
            handlePreVoteReply(r);
        } else if (m instanceof TimeoutNow t) {
            handleTimeoutNow(t);
        } else if (m instanceof RequestVote rv) {
            handleRequestVoteRequest(rv);
        } else if (m instanceof AppendEntries ae) {
            handleAppendEntriesRequest(ae);
        } else if (m instanceof InstallSnapshot is) {
            handleInstallSnapshotRequest(is);
        } else if (m instanceof ReadHeartbeat h) {
            handleReadHeartbeatRequest(h);
        } else if (m instanceof ReadIndexRequest r) {
            handleReadIndexRequest(r);
        } else if (m.term() < currentTerm) {
            dropStaleReply(m);
        } else if (m instanceof RequestVoteReply r) {
            handleRequestVoteReply(r);
        } else if (m instanceof AppendEntriesReply r) {
            handleAppendEntriesReply(r);
        } else if (m instanceof InstallSnapshotReply r) {
            handleInstallSnapshotReply(r);
        } else if (m instanceof ReadHeartbeatReply r) {
            handleReadHeartbeatReply(r);
        }
    }

    /** The caller's clock, in scheduler milliseconds; read only for leases. Call before each input. */
    public void setNow(long nowMillis) {
        now = nowMillis;
    }

    /**
     * A linearizable read (ReadIndex, thesis 6.4), settled in a later {@link Ready#reads()}
     * under ctx. A leader answers at its commit index once a quorum has confirmed, in a round
     * begun after this call, that it still leads; it starts no round before an entry of its term
     * is committed (until then commitIndex may lag what a previous leader committed). With
     * leases on, a leader whose lease holds answers at once. A follower forwards the read to its
     * leader (no answer if that message is lost: the caller times out); anyone else refuses.
     */
    public void readIndex(long ctx) {
        if (role instanceof LeaderRole leader) {
            if (leaseHolds(leader)) {
                reads.add(new ReadState(ctx, commitIndex));
                return;
            }
            leader.reads.waiting.add(new ReadRounds.Request(id, ctx));
            maybeStartRead(leader);
        } else if (role instanceof FollowerRole f && f.leaderId >= 0) {
            send(new ReadIndexRequest(id, f.leaderId, currentTerm, ctx), null);
        } else {
            reads.add(new ReadState(ctx, -1));
        }
    }

    /**
     * TransferLeadership (thesis 3.10): stop taking proposals, bring target's log up to date,
     * then send it TimeoutNow. Returns false (and changes nothing) unless this node is leader
     * and target another member. The transfer is abandoned after electionTicksMax ticks
     * (TransferTimeout); the leader then takes proposals again.
     * While a transfer is under way, another is refused (the same target: true, nothing new).
     */
    public boolean transferLeadership(int target) {
        if (!(role instanceof LeaderRole leader) || target == id || !log.config().isVoter(target)) {
            return false;
        }
        if (leader.transfer != null) {
            return leader.transfer.target == target;
        }
        leader.transfer = new LeaderTransfer(target);
        trace(SpecAction.TransferLeadership, null);
        Progress t = leader.progress.get(target);
        if (t.matchIndex >= log.lastIndex()) {
            sendTimeoutNow(leader);
        } else if (t.nextIndex == t.matchIndex + 1) {
            // Nothing in flight to it: start catching it up now rather than at the next heartbeat.
            appendEntries(target);
        }
        return true;
    }

    /** Sends each follower whatever entries or commit index it has not been sent yet. */
    public void flush() {
        flushWanted = false;
        if (role instanceof LeaderRole leader) {
            for (int p : peers(leader)) {
                Progress pr = leader.progress.get(p);
                if (pr.nextIndex <= log.lastIndex() || pr.commitSent < commitIndex) {
                    appendEntries(p);
                }
            }
        }
    }

    /**
     * Sends pending entries only to followers with nothing in flight (every entry sent has
     * been acknowledged). A lone client then pays no coalescing delay, while followers busy
     * with a batch keep accumulating the next one for {@link #flush()} or their reply.
     * Leaves flushWanted as it was; returns whether anything was sent.
     */
    public boolean flushIdle() {
        boolean sent = false;
        if (role instanceof LeaderRole leader) {
            for (int p : peers(leader)) {
                Progress pr = leader.progress.get(p);
                if (pr.nextIndex <= log.lastIndex() && pr.nextIndex == pr.matchIndex + 1
                        && pr.nextIndex > log.snapshotIndex()) {
                    appendEntries(p);
                    sent = true;
                }
            }
        }
        return sent;
    }

    /**
     * Snapshot: the service's state covers every entry up to index. Ignored if the log is
     * already compacted past index, or if index has not been handed out for applying.
     */
    public void snapshot(long index, byte[] data) {
        if (index <= log.snapshotIndex() || index > lastApplied) {
            return;
        }
        log.compactTo(index, log.termAt(index), log.configAt(index));
        snapshotData = data.clone();
        pendingSnapshot = new RaftStorage.SnapshotData(index, log.snapshotTerm(), snapshotData, log.configAt(index));
        trace(SpecAction.Snapshot, null);
    }

    /**
     * Drains the output of every input since the last call. The caller reports the update
     * durable with {@link #persisted(Ready)}.
     */
    public Ready ready() {
        RaftStorage.Update update = null;
        if (hardStateDirty || dirtyFrom != Long.MAX_VALUE || pendingSnapshot != null) {
            long truncateFrom = dirtyFrom <= persistedLastIndex ? dirtyFrom : 0;
            List<Entry> append = dirtyFrom == Long.MAX_VALUE ? List.of() : log.from(dirtyFrom);
            update = new RaftStorage.Update(currentTerm, votedFor, truncateFrom, append, pendingSnapshot);
        }
        // A changed term or vote must be durable before any message of this term leaves.
        int early = hardStateDirty ? 0 : earlyOut.size();
        List<Message> all = new ArrayList<>(earlyOut.size() + outbox.size());
        all.addAll(earlyOut);
        all.addAll(outbox);
        Ready r = new Ready(update, all, applies, flushWanted, early,
                update == null ? -1 : log.lastIndex(), update == null ? -1 : log.lastTerm(), reads);
        earlyOut.clear();
        outbox.clear();
        applies.clear();
        reads.clear();
        hardStateDirty = false;
        dirtyFrom = Long.MAX_VALUE;
        pendingSnapshot = null;
        persistedLastIndex = log.lastIndex();
        return r;
    }

    /**
     * The caller made r's update durable. If the last entry it stored is still in the log,
     * everything up to it is durable (Log Matching: same index and term, same prefix); the
     * leader may now count itself for those entries.
     */
    public void persisted(Ready r) {
        long index = r.persistIndex();
        if (r.update() == null || index < 0 || index > log.lastIndex() || index <= durableIndex) {
            return;
        }
        if (index > log.snapshotIndex() && log.termAt(index) != r.persistTerm()) {
            return;
        }
        durableIndex = index;
        if (role instanceof LeaderRole leader && durableIndex > leader.progress.get(id).matchIndex) {
            leader.progress.get(id).matchIndex = durableIndex;
            advanceCommitIndex();
        }
    }

    /** Highest log index known durable here (diagnostics and tests). */
    public long durableIndex() {
        return durableIndex;
    }

    // ---------------------------------------------------------------- queries

    public int id() {
        return id;
    }

    public long currentTerm() {
        return currentTerm;
    }

    public int votedFor() {
        return votedFor;
    }

    public boolean isLeader() {
        return role instanceof LeaderRole;
    }

    public String roleName() {
        return role.name();
    }

    /** The leader this node last heard from in its current term, itself if leader, else -1. */
    public int leaderId() {
        if (role instanceof LeaderRole) {
            return id;
        }
        return role instanceof FollowerRole f ? f.leaderId : -1;
    }

    public long commitIndex() {
        return commitIndex;
    }

    /** The target of the leadership transfer in progress, -1 if none (or not leader). */
    public int transferTarget() {
        return role instanceof LeaderRole l && l.transfer != null ? l.transfer.target : -1;
    }

    public long lastIndex() {
        return log.lastIndex();
    }

    public long lastTerm() {
        return log.lastTerm();
    }

    public long snapshotIndex() {
        return log.snapshotIndex();
    }

    public long snapshotTerm() {
        return log.snapshotTerm();
    }

    /** Term of the entry at index, -1 if unknown here (beyond the log or inside the snapshot). */
    public long termAt(long index) {
        return log.termAt(index);
    }

    /** Leader only: matchIndex of peer (for tests and diagnostics); -1 if not leader. */
    public long matchIndex(int peer) {
        return role instanceof LeaderRole l && l.progress.containsKey(peer) ? l.progress.get(peer).matchIndex : -1;
    }

    /** Leader only: nextIndex of peer; -1 if not leader. */
    public long nextIndex(int peer) {
        return role instanceof LeaderRole l && l.progress.containsKey(peer) ? l.progress.get(peer).nextIndex : -1;
    }

    // ---------------------------------------------------------------- elections

    /** Timeout: start an election in a new term. */
    private void timeout() {
        campaign(SpecAction.Timeout, null, false);
    }

    /**
     * A new term, a vote for itself, RequestVote to everyone; action names the trace event.
     * transfer: started by TimeoutNow, so the votes asked for override stickiness.
     */
    private void campaign(SpecAction action, Message cause, boolean transfer) {
        currentTerm++;
        votedFor = id;
        hardStateDirty = true;
        heardFromLeader = false;
        CandidateRole candidate = new CandidateRole(id, transfer);
        role = candidate;
        resetElectionTimer();
        trace(action, cause);
        if (candidate.votes.isMajority(log.config())) {
            becomeLeader();
            return;
        }
        for (Member m : log.config().voters()) {
            if (m.id() != id) {
                requestVote(m.id());
            }
        }
    }

    private void requestVote(int peer) {
        boolean transfer = ((CandidateRole) role).transfer;
        send(new RequestVote(id, peer, currentTerm, log.lastIndex(), log.lastTerm(), transfer),
                transfer ? SpecAction.RequestTransferVote : SpecAction.RequestVote);
    }

    /**
     * Leader stickiness, when pre-vote or check-quorum is on: a leader, or a node that heard
     * from one since its own election timer last fired, turns down pre-votes and plain votes.
     */
    private boolean sticky(boolean transferVote) {
        return (config.preVote() || config.checkQuorum()) && !transferVote
                && (role instanceof LeaderRole || heardFromLeader);
    }

    /** UpdateTerm: a higher term seen in any message makes this node a follower of that term. */
    private void updateTerm(Message m) {
        boolean wasFollower = role instanceof FollowerRole;
        refusePendingReads();
        currentTerm = m.term();
        votedFor = -1;
        hardStateDirty = true;
        role = new FollowerRole(-1);
        if (!wasFollower) {
            resetElectionTimer();
        }
        trace(SpecAction.UpdateTerm, m);
    }

    /** Election restriction (section 5.4.1): the candidate's log is at least as up to date as ours. */
    private boolean logUpToDate(long lastLogTerm, long lastLogIndex) {
        return lastLogTerm > log.lastTerm() || (lastLogTerm == log.lastTerm() && lastLogIndex >= log.lastIndex());
    }

    private void handleRequestVoteRequest(RequestVote rv) {
        // Also for an election forced by TimeoutNow: a transfer never skips the log check.
        boolean upToDate = logUpToDate(rv.lastLogTerm(), rv.lastLogIndex());
        boolean grant = rv.term() == currentTerm && (votedFor == -1 || votedFor == rv.from()) && upToDate
                && !sticky(rv.transfer());
        if (grant) {
            votedFor = rv.from();
            hardStateDirty = true;
            // Granting a vote restarts the timer, so this node does not compete with the candidate it backs.
            resetElectionTimer();
        }
        trace(SpecAction.HandleRequestVoteRequest, rv);
        send(new RequestVoteReply(id, rv.from(), currentTerm, grant), null);
    }

    private void handleRequestVoteReply(RequestVoteReply r) {
        if (!(role instanceof CandidateRole candidate)) {
            dropStaleReply(r);
            return;
        }
        if (r.voteGranted()) {
            candidate.votes.grant(r.from());
        }
        trace(SpecAction.HandleRequestVoteReply, r);
        if (candidate.votes.isMajority(log.config())) {
            becomeLeader();
        }
    }

    // ---------------------------------------------------------------- pre-vote, check-quorum, transfer

    /** PreVoteTimeout: ask for pre-votes for term + 1; term, vote and log stay as they are. */
    private void preVoteTimeout() {
        PreCandidateRole pre = new PreCandidateRole(id, currentTerm + 1);
        role = pre;
        heardFromLeader = false;
        resetElectionTimer();
        trace(SpecAction.PreVoteTimeout, null);
        if (pre.preVotes.isMajority(log.config())) {
            campaign(SpecAction.BecomeCandidate, null, false);
            return;
        }
        for (Member m : log.config().voters()) {
            if (m.id() != id) {
                send(new PreVote(id, m.id(), pre.term, log.lastIndex(), log.lastTerm()), SpecAction.RequestPreVote);
            }
        }
    }

    /**
     * HandlePreVoteRequest: granted iff an election in pv's term could get our vote (a higher
     * term, a log at least as up to date) and we are not sticky: we have not heard from a leader
     * since our own election timer (at least the minimum election timeout) last fired, and are
     * not leader. Changes no state, not even the timer.
     */
    private void handlePreVoteRequest(PreVote pv) {
        boolean grant = pv.term() > currentTerm && !sticky(false) && logUpToDate(pv.lastLogTerm(), pv.lastLogIndex());
        trace(SpecAction.HandlePreVoteRequest, pv);
        send(new PreVoteReply(id, pv.from(), grant ? pv.term() : currentTerm, grant), null);
    }

    /**
     * HandlePreVoteReply: consumed in any role; only a grant for the current round's term
     * counts (a refusal from a higher term already made this node a follower). A majority
     * starts the real election (BecomeCandidate).
     */
    private void handlePreVoteReply(PreVoteReply r) {
        boolean counts = role instanceof PreCandidateRole pre && r.voteGranted() && r.term() == pre.term;
        if (counts) {
            ((PreCandidateRole) role).preVotes.grant(r.from());
        }
        trace(SpecAction.HandlePreVoteReply, r);
        if (counts && ((PreCandidateRole) role).preVotes.isMajority(log.config())) {
            campaign(SpecAction.BecomeCandidate, null, false);
        }
    }

    /** StepDown (check-quorum): no majority heard from in the last period; a follower, same term. */
    private void stepDown() {
        refusePendingReads();
        role = new FollowerRole(-1);
        resetElectionTimer();
        trace(SpecAction.StepDown, null);
    }

    private void sendTimeoutNow(LeaderRole leader) {
        leader.transfer.timeoutNowSent = true;
        leader.reads.leaseRevoked = true;
        send(new TimeoutNow(id, leader.transfer.target, currentTerm), SpecAction.SendTimeoutNow);
    }

    /** After an acknowledgement from p: TimeoutNow once the transfer target's log matches ours. */
    private void maybeSendTimeoutNow(LeaderRole leader, int p) {
        LeaderTransfer t = leader.transfer;
        if (t != null && t.target == p && !t.timeoutNowSent && leader.progress.get(p).matchIndex >= log.lastIndex()) {
            sendTimeoutNow(leader);
        }
    }

    /**
     * HandleTimeoutNow: from the leader of our term, start an election at once, skipping
     * pre-vote (that is what overrides leader stickiness). A stale one changes nothing.
     */
    private void handleTimeoutNow(TimeoutNow t) {
        if (t.term() != currentTerm || !(role instanceof FollowerRole || role instanceof PreCandidateRole)
                || !log.config().isVoter(id)) {
            trace(SpecAction.HandleTimeoutNow, t);
            return;
        }
        campaign(SpecAction.HandleTimeoutNow, t, true);
    }

    /**
     * BecomeLeader; heartbeats at once. With noOpOnElection, an empty entry of the new term
     * (traced as a ClientRequest, as the spec models it) lets the leader commit, and so serve
     * reads, without a client command; the lab profile has none (it counts command indices).
     */
    private void becomeLeader() {
        LeaderRole leader = new LeaderRole(log.config(), id, log.lastIndex());
        leader.progress.get(id).matchIndex = Math.min(durableIndex, log.lastIndex());
        role = leader;
        heartbeatElapsed = 0;
        trace(SpecAction.BecomeLeader, null);
        if (config.noOpOnElection()) {
            Entry noOp = new Entry(log.lastIndex() + 1, currentTerm, new byte[0]);
            log.append(noOp);
            markDirty(noOp.index());
            trace(SpecAction.ClientRequest, null);
        }
        for (int p : peers(leader)) {
            appendEntries(p);
        }
    }

    // ---------------------------------------------------------------- membership (spec/tla/RaftMembership.tla)

    /** The latest configuration in the log, committed or not: the one this node acts on. */
    public Membership membership() {
        return log.config();
    }

    /** The configuration as of commitIndex. */
    public Membership committedMembership() {
        return log.configAt(commitIndex);
    }

    /** Index of the latest configuration entry (0 if none follows the snapshot). */
    public long membershipIndex() {
        return log.configIndex();
    }

    /**
     * One single-server change, leader only: appends a configuration entry and returns its index,
     * or throws {@link MembershipException} saying why not (CanChange: a voter leading, no change
     * in flight, an entry of this term committed -- the 2015 fix; and the change must make sense).
     * An Add that is not to stay a learner is promoted by this leader once the learner has caught
     * up to within {@link RaftConfig#promoteWithin()} entries (a second change, PromoteLearner).
     */
    public long changeMembership(MembershipChange change) {
        LeaderRole leader = canChange();
        if (change instanceof MembershipChange.Add a) {
            long index = addLearner(leader, a.member());
            if (!a.stayLearner()) {
                leader.promote.add(a.member().id());
            }
            return index;
        }
        if (change instanceof MembershipChange.Promote p) {
            Membership c = log.config();
            if (!c.isLearner(p.id())) {
                throw refused("server " + p.id() + " is not a learner" + (c.isVoter(p.id()) ? " (already a voter)" : ""));
            }
            return promoteLearner(leader, p.id());
        }
        return removeServer(leader, ((MembershipChange.Remove) change).id());
    }

    /** AddLearner: j joins as a learner; it catches up without counting toward any quorum. */
    private long addLearner(LeaderRole leader, Member j) {
        Membership c = log.config();
        if (c.contains(j.id())) {
            throw refused("server " + j.id() + " is already a " + (c.isVoter(j.id()) ? "voter" : "learner"));
        }
        List<Member> learners = new ArrayList<>(c.learners());
        learners.add(j);
        return appendConfig(leader, new Membership(c.voters(), learners), SpecAction.AddLearner);
    }

    /** RemoveServer: j (a voter or a learner, possibly this leader) leaves; the last voter stays. */
    private long removeServer(LeaderRole leader, int j) {
        Membership c = log.config();
        if (!c.contains(j)) {
            throw refused("server " + j + " is not a member");
        }
        if (c.isVoter(j) && c.voters().size() == 1) {
            throw refused("server " + j + " is the last voter");
        }
        List<Member> voters = c.voters().stream().filter(m -> m.id() != j).toList();
        List<Member> learners = c.learners().stream().filter(m -> m.id() != j).toList();
        return appendConfig(leader, new Membership(voters, learners), SpecAction.RemoveServer);
    }

    /** CanChange: the leader, still a voter, nothing in flight, an entry of its term committed. */
    private LeaderRole canChange() {
        if (!(role instanceof LeaderRole leader)) {
            throw new MembershipException("not the leader", leaderId());
        }
        if (!log.config().isVoter(id)) {
            throw refused("this leader removed itself and steps down once that commits");
        }
        if (leader.transfer != null) {
            throw refused("a leadership transfer is in progress");
        }
        if (log.configIndex() > commitIndex) {
            throw refused("a membership change is in flight (entry " + log.configIndex() + " is not committed yet)");
        }
        if (!committedInTerm()) {
            throw refused("no entry of the leader's term " + currentTerm + " is committed yet");
        }
        return leader;
    }

    private MembershipException refused(String why) {
        return new MembershipException(why, id);
    }

    /** PromoteLearner: the learner j becomes a voter. */
    private long promoteLearner(LeaderRole leader, int j) {
        Membership c = log.config();
        List<Member> voters = new ArrayList<>(c.voters());
        voters.add(c.member(j).orElseThrow());
        List<Member> learners = c.learners().stream().filter(m -> m.id() != j).toList();
        return appendConfig(leader, new Membership(voters, learners), SpecAction.PromoteLearner);
    }

    /**
     * AppendConfig: one configuration entry of this term, in force at once (committed or not);
     * traced as the change that made it (AddLearner, PromoteLearner, RemoveServer).
     */
    private long appendConfig(LeaderRole leader, Membership next, SpecAction change) {
        Entry e = Entry.ofConfig(log.lastIndex() + 1, currentTerm, next);
        log.append(e);
        markDirty(e.index());
        leader.track(next, log.lastIndex() - 1);
        trace(change, null);
        for (int p : peers(leader)) {
            appendEntries(p);   // new members hear at once; the rest get the entry now
        }
        return e.index();
    }

    /** Promotes a learner added to become a voter once it has caught up, when a change may be made. */
    private void maybePromote(LeaderRole leader) {
        if (leader.promote.isEmpty() || role != leader) {
            return;
        }
        for (int j : leader.promote) {
            Progress pr = leader.progress.get(j);
            // Caught up: it holds the configuration that added it, and is within promoteWithin of the end.
            if (pr != null && pr.matchIndex >= Math.max(log.configIndex(), log.lastIndex() - config.promoteWithin())) {
                try {
                    canChange();
                } catch (MembershipException notNow) {
                    return;   // retried on the next acknowledgement or commit
                }
                leader.promote.remove(j);
                promoteLearner(leader, j);
                return;
            }
        }
    }

    /** StepDownRemoved: the configuration without this leader committed. */
    private void stepDownRemoved() {
        refusePendingReads();
        role = new FollowerRole(-1);
        resetElectionTimer();
        trace(SpecAction.StepDownRemoved, null);
    }

    /** Every member of the leader's configuration but itself, by id. */
    private static int[] peers(LeaderRole leader) {
        return leader.peers;
    }

    // ---------------------------------------------------------------- replication

    /**
     * ClientRequest: append command if leader. Sending waits for {@link #flush()},
     * {@link #flushIdle()}, the follower's next reply or a heartbeat.
     */
    public StartResult clientRequest(byte[] command) {
        if (!(role instanceof LeaderRole leader) || leader.transfer != null) {
            // During a transfer: refused, not dropped; the caller answers "not leader" and the client retries.
            return new StartResult(-1, currentTerm, false);
        }
        Entry e = new Entry(log.lastIndex() + 1, currentTerm, command); // handed over: see Replica.start
        log.append(e);
        markDirty(e.index());
        // matchIndex[id] waits for persisted(): the log write runs alongside replication.
        trace(SpecAction.ClientRequest, null);
        if (peers(leader).length > 0) {
            flushWanted = true;
        }
        return new StartResult(e.index(), currentTerm, true);
    }

    /** AppendEntries(i, j): entries from nextIndex (possibly none), or the snapshot if they are gone. */
    private void appendEntries(int peer) {
        Progress pr = ((LeaderRole) role).progress.get(peer);
        long next = pr.nextIndex;
        if (next <= log.snapshotIndex()) {
            sendEarly(new InstallSnapshot(id, peer, currentTerm, log.snapshotIndex(), log.snapshotTerm(), snapshotData,
                    log.configAt(log.snapshotIndex())), SpecAction.InstallSnapshot);
            pr.nextIndex = log.snapshotIndex() + 1;
            return;
        }
        long prev = next - 1;
        List<Entry> entries = log.slice(next, config.maxEntriesPerAppend(), config.maxBytesPerAppend());
        sendEarly(new AppendEntries(id, peer, currentTerm, prev, log.termAt(prev), entries, commitIndex),
                SpecAction.AppendEntries);
        pr.nextIndex = next + entries.size();
        pr.commitSent = commitIndex;
    }

    private void handleAppendEntriesRequest(AppendEntries ae) {
        if (ae.term() < currentTerm) {
            trace(SpecAction.HandleAppendEntriesRequest, ae);
            send(new AppendEntriesReply(id, ae.from(), currentTerm, false, 0, 0, 0), null);
            return;
        }
        acceptLeader(ae.from());
        long prev = ae.prevLogIndex();
        long prevTerm = ae.prevLogTerm();
        List<Entry> entries = ae.entries();
        long lastNew = prev + entries.size();
        if (prev < log.snapshotIndex()) {
            // Everything up to the snapshot is committed, hence identical to the leader's log.
            int skip = (int) Math.min(entries.size(), log.snapshotIndex() - prev);
            entries = entries.subList(skip, entries.size());
            prev = log.snapshotIndex();
            prevTerm = log.snapshotTerm();
        }
        if (prev > log.lastIndex()) {
            trace(SpecAction.HandleAppendEntriesRequest, ae);
            send(new AppendEntriesReply(id, ae.from(), currentTerm, false, 0, 0, log.lastIndex() + 1), null);
            return;
        }
        if (log.termAt(prev) != prevTerm) {
            long conflictTerm = log.termAt(prev);
            trace(SpecAction.HandleAppendEntriesRequest, ae);
            send(new AppendEntriesReply(id, ae.from(), currentTerm, false, 0, conflictTerm,
                    log.firstIndexOfTermAt(prev)), null);
            return;
        }
        for (int k = 0; k < entries.size(); k++) {
            Entry e = entries.get(k);
            long index = prev + 1 + k;
            if (e.index() != index) {
                throw new IllegalArgumentException("entry index " + e.index() + " where " + index + " expected in " + ae);
            }
            if (index <= log.lastIndex()) {
                if (log.termAt(index) == e.term()) {
                    continue;
                }
                if (index <= commitIndex) {
                    throw new IllegalStateException("node " + id + " asked to overwrite committed entry " + index);
                }
                log.truncateFrom(index);
                durableIndex = Math.min(durableIndex, index - 1);
                markDirty(index);
            }
            for (int j = k; j < entries.size(); j++) {
                log.append(entries.get(j));
            }
            markDirty(index);
            break;
        }
        if (ae.leaderCommit() > commitIndex) {
            long newCommit = Math.min(ae.leaderCommit(), lastNew);
            if (newCommit > commitIndex) {
                commitIndex = newCommit;
                applyCommitted();
            }
        }
        trace(SpecAction.HandleAppendEntriesRequest, ae);
        send(new AppendEntriesReply(id, ae.from(), currentTerm, true, lastNew, 0, 0), null);
    }

    private void handleAppendEntriesReply(AppendEntriesReply r) {
        if (!(role instanceof LeaderRole leader) || !leader.progress.containsKey(r.from())) {
            dropStaleReply(r);   // not leader, or the sender left the configuration
            return;
        }
        int p = r.from();
        Progress pr = leader.progress.get(p);
        pr.recentlyActive = true;
        trace(SpecAction.HandleAppendEntriesReply, r);
        if (r.success()) {
            acknowledged(leader, p, r.matchIndex());
            return;
        }
        long next;
        if (r.conflictTerm() == 0) {
            next = r.conflictIndex();
        } else {
            long last = log.lastIndexOfTerm(r.conflictTerm());
            next = last >= 0 ? last + 1 : r.conflictIndex();
        }
        next = Math.min(Math.max(next, pr.matchIndex + 1), log.lastIndex() + 1);
        if (next < pr.nextIndex) {
            pr.nextIndex = next;
            appendEntries(p);
        }
    }

    /** p holds the leader's log up to match: commit, keep p fed, and the transfer and promotion that wait on it. */
    private void acknowledged(LeaderRole leader, int p, long match) {
        Progress pr = leader.progress.get(p);
        if (match > pr.matchIndex) {
            pr.matchIndex = match;
            advanceCommitIndex();
            if (role != leader) {
                return;   // StepDownRemoved
            }
        }
        pr.nextIndex = Math.max(pr.nextIndex, pr.matchIndex + 1);
        if (pr.nextIndex <= log.lastIndex()) {
            appendEntries(p);
        }
        maybeSendTimeoutNow(leader, p);
        maybePromote(leader);
    }

    /** AdvanceCommitIndex: only an entry of the current term is committed by counting replicas (Figure 8). */
    private void advanceCommitIndex() {
        LeaderRole leader = (LeaderRole) role;
        long newCommit = commitIndex;
        Membership voters = log.config();
        for (long n = log.lastIndex(); n > commitIndex && log.termAt(n) == currentTerm; n--) {
            int holders = 0;
            for (Member v : voters.voters()) {
                Progress p = leader.progress.get(v.id());
                if (p != null && p.matchIndex >= n) {
                    holders++;
                }
            }
            if (holders * 2 > voters.voters().size()) {
                newCommit = n;
                break;
            }
        }
        if (newCommit > commitIndex) {
            commitIndex = newCommit;
            trace(SpecAction.AdvanceCommitIndex, null);
            applyCommitted();
            if (peers(leader).length > 0) {
                flushWanted = true;
            }
            if (!voters.isVoter(id) && log.configIndex() <= commitIndex) {
                stepDownRemoved();
                return;
            }
            maybeStartRead(leader);
            maybePromote(leader);
        }
    }

    // ---------------------------------------------------------------- reads (thesis 6.4)

    /** Has this leader committed an entry of its own term? Until then no read is answered. */
    private boolean committedInTerm() {
        return commitIndex > log.snapshotIndex() ? log.termAt(commitIndex) == currentTerm
                : log.snapshotTerm() == currentTerm && commitIndex > 0;
    }

    private boolean leaseHolds(LeaderRole leader) {
        return config.leaseReads() && !leader.reads.leaseRevoked && leader.transfer == null
                && committedInTerm() && now < leader.reads.leaseUntil;
    }

    /** ReadIndex: start a round for the waiting reads if none is in flight and the term has a committed entry. */
    private void maybeStartRead(LeaderRole leader) {
        ReadRounds rr = leader.reads;
        if (rr.inFlight != null || rr.waiting.isEmpty() || !committedInTerm()) {
            return;
        }
        startRound(leader);
    }

    private void startRound(LeaderRole leader) {
        ReadRounds rr = leader.reads;
        rr.inFlight = new ReadRounds.Round(++rr.lastId, commitIndex, now, id, rr.waiting);
        rr.waiting = new ArrayList<>();
        trace(SpecAction.ReadIndex, null);
        if (rr.inFlight.confirmed(log.config())) {
            answerRead(leader);
            return;
        }
        sendReadHeartbeats(rr.inFlight);
    }

    /** SendReadHeartbeat to every peer that has not acknowledged the round. */
    private void sendReadHeartbeats(ReadRounds.Round round) {
        for (Member m : log.config().voters()) {
            if (!round.acks.contains(m.id())) {
                sendEarly(new ReadHeartbeat(id, m.id(), currentTerm, round.id), SpecAction.SendReadHeartbeat);
            }
        }
    }

    /**
     * At heartbeat time: resend the round in flight to those that have not acknowledged (a
     * message may have been lost); with leases on and nothing in flight, start an empty round
     * so the lease is renewed before it runs out.
     */
    private void readHeartbeatTick(LeaderRole leader) {
        ReadRounds rr = leader.reads;
        if (rr.inFlight != null) {
            sendReadHeartbeats(rr.inFlight);
        } else if (config.leaseReads() && !rr.leaseRevoked && committedInTerm()) {
            startRound(leader);
        }
    }

    /** HandleReadHeartbeatRequest: reply with our term (a lower one than the sender's deposes it). */
    private void handleReadHeartbeatRequest(ReadHeartbeat h) {
        trace(SpecAction.HandleReadHeartbeatRequest, h);
        sendEarly(new ReadHeartbeatReply(id, h.from(), currentTerm, h.readId()), null);
    }

    /** HandleReadHeartbeatReply: a reply of the round's term (the current one) to the round in flight acknowledges it. */
    private void handleReadHeartbeatReply(ReadHeartbeatReply r) {
        boolean acks = role instanceof LeaderRole l && l.reads.inFlight != null && l.reads.inFlight.id == r.readId();
        if (acks) {
            ((LeaderRole) role).reads.inFlight.acks.add(r.from());
        }
        trace(SpecAction.HandleReadHeartbeatReply, r);
        if (acks && ((LeaderRole) role).reads.inFlight.confirmed(log.config())) {
            answerRead((LeaderRole) role);
        }
    }

    /** AnswerRead: the round is confirmed; its reads get its index, the lease is renewed, the next round starts. */
    private void answerRead(LeaderRole leader) {
        ReadRounds rr = leader.reads;
        ReadRounds.Round round = rr.inFlight;
        rr.inFlight = null;
        trace(SpecAction.AnswerRead, null);
        if (config.leaseReads()) {
            rr.leaseUntil = Math.max(rr.leaseUntil, round.startMillis + config.leaseMillis());
        }
        for (ReadRounds.Request q : round.requests) {
            settle(q, round.index);
        }
        maybeStartRead(leader);
    }

    /** A follower's forwarded read: as a local one at a leader, refused elsewhere. */
    private void handleReadIndexRequest(ReadIndexRequest r) {
        if (!(role instanceof LeaderRole leader)) {
            send(new ReadIndexReply(id, r.from(), currentTerm, r.ctx(), -1), null);
        } else if (leaseHolds(leader)) {
            settle(new ReadRounds.Request(r.from(), r.ctx()), commitIndex);
        } else {
            leader.reads.waiting.add(new ReadRounds.Request(r.from(), r.ctx()));
            maybeStartRead(leader);
        }
    }

    private void settle(ReadRounds.Request q, long index) {
        if (q.origin() == id) {
            reads.add(new ReadState(q.ctx(), index));
        } else {
            send(new ReadIndexReply(id, q.origin(), currentTerm, q.ctx(), index), null);
        }
    }

    /** Leadership lost: no read of this leader is confirmed any more; all are refused. */
    private void refusePendingReads() {
        if (role instanceof LeaderRole leader) {
            for (ReadRounds.Request q : leader.reads.drainAll()) {
                settle(q, -1);
            }
        }
    }

    // ---------------------------------------------------------------- snapshots

    private void handleInstallSnapshotRequest(InstallSnapshot s) {
        if (s.term() < currentTerm) {
            trace(SpecAction.HandleInstallSnapshotRequest, s);
            send(new InstallSnapshotReply(id, s.from(), currentTerm, 0), null);
            return;
        }
        acceptLeader(s.from());
        // A snapshot at or below commitIndex would move the service backwards: the log already covers it.
        if (s.lastIncludedIndex() > commitIndex) {
            long oldFirst = log.snapshotIndex() + 1;
            log.compactTo(s.lastIncludedIndex(), s.lastIncludedTerm(),
                    s.config() != null ? s.config() : initialConfig);
            if (log.lastIndex() == log.snapshotIndex()) {
                // Nothing of the old log survived: storage must drop all of it.
                markDirty(oldFirst);
                durableIndex = Math.min(durableIndex, log.snapshotIndex());
            }
            snapshotData = s.data().clone();
            pendingSnapshot = new RaftStorage.SnapshotData(s.lastIncludedIndex(), s.lastIncludedTerm(), snapshotData,
                    log.configAt(s.lastIncludedIndex()));
            commitIndex = s.lastIncludedIndex();
            lastApplied = s.lastIncludedIndex();
            applies.add(new ApplyMsg.Snapshot(s.lastIncludedIndex(), s.lastIncludedTerm(), snapshotData));
        }
        trace(SpecAction.HandleInstallSnapshotRequest, s);
        send(new InstallSnapshotReply(id, s.from(), currentTerm, s.lastIncludedIndex()), null);
    }

    private void handleInstallSnapshotReply(InstallSnapshotReply r) {
        if (!(role instanceof LeaderRole leader) || !leader.progress.containsKey(r.from())) {
            dropStaleReply(r);
            return;
        }
        leader.progress.get(r.from()).recentlyActive = true;
        trace(SpecAction.HandleInstallSnapshotReply, r);
        acknowledged(leader, r.from(), r.lastIncludedIndex());
    }

    /** DropStaleReply: a reply from an older term, or one this node's role no longer expects. */
    private void dropStaleReply(Message m) {
        trace(SpecAction.DropStaleReply, m);
    }

    // ---------------------------------------------------------------- helpers

    /** A valid AppendEntries or InstallSnapshot of the current term: its sender is the leader. */
    private void acceptLeader(int leaderId) {
        if (role instanceof LeaderRole) {
            throw new IllegalStateException("two leaders in term " + currentTerm + ": " + id + " and " + leaderId);
        }
        heardFromLeader = true;
        if (role instanceof FollowerRole f) {
            f.leaderId = leaderId;
        } else {
            role = new FollowerRole(leaderId);
        }
        resetElectionTimer();
    }

    private void applyCommitted() {
        while (lastApplied < commitIndex) {
            lastApplied++;
            Entry e = log.get(lastApplied);
            applies.add(e.config() ? new ApplyMsg.Config(e.index(), e.term(), e.membership())
                    : new ApplyMsg.Command(e.index(), e.term(), e.command()));
        }
    }

    private void markDirty(long index) {
        dirtyFrom = Math.min(dirtyFrom, index);
    }

    private void resetElectionTimer() {
        electionElapsed = 0;
        electionTimeout = config.electionTicksMin()
                + random.nextInt(config.electionTicksMax() - config.electionTicksMin() + 1);
    }

    /**
     * A message that vouches for no entry still being written: the leader's own log shipped
     * to a follower, and a read round's heartbeat and its acknowledgement (they carry only a
     * term, durable whenever early messages leave). It may leave before queued writes are
     * durable; a read round then costs a round trip, not the fsyncs queued at both ends.
     */
    private void sendEarly(Message m, SpecAction action) {
        earlyOut.add(m);
        if (action != null) {
            trace(action, m);
        }
    }

    private void send(Message m, SpecAction action) {
        outbox.add(m);
        if (action != null) {
            trace(action, m);
        }
    }

    private void trace(SpecAction action, Message m) {
        if (tracer.enabled()) {
            tracer.event(new TraceEvent(action, id, m, currentTerm, role.name(), votedFor, commitIndex,
                    log.snapshotIndex(), log.snapshotTerm(), log.terms(), log.configs(),
                    log.configAt(log.snapshotIndex())));
        }
    }
}
