package raft.node;

import raft.core.ApplyMsg;
import raft.core.Membership;
import raft.core.MembershipChange;
import raft.core.MembershipException;
import raft.core.Message;
import raft.core.RaftConfig;
import raft.core.RaftCore;
import raft.core.RaftStorage;
import raft.core.ReadState;
import raft.core.Ready;
import raft.core.StartResult;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The thin shell around the deterministic core: a lock, timers (through the injected
 * Scheduler), the write pipeline and the apply queue. Every dependency with a concurrency
 * or timing aspect is injected ({@link #newBuilder()}), so the simulator can run it in
 * virtual time and the jcstress probes can hand it a broken lock.
 *
 * Every input takes one path ({@link #input}): under the lock, unless killed, feed the core
 * and hand its output to the {@link WritePipeline} and the apply queue; then, outside the
 * lock, persist and deliver. Deliveries to the applier run on the apply executor, outside
 * the lock, because the service may call snapshot() from inside the applier. The executor
 * may be a thread of its own (the builder's default) or the calling thread
 * ({@link InlineExecutor}, what the server uses): deliver() keeps them one at a time and in
 * log order either way.
 */
public final class RaftNode implements Replica {
    /** Proposals made within this many milliseconds go out in one AppendEntries per follower. */
    public static final long FLUSH_DELAY_MILLIS = 1;

    private final RaftCore core;
    private final RaftConfig config;
    private final Consumer<ApplyMsg> applier;
    private final Scheduler scheduler;
    private final Executor applyExecutor;
    private final Lock lock;
    private final WritePipeline writes;
    /** Made by the builder's defaults, so stopped by kill(); null when the caller gave its own. */
    private final AutoCloseable ownedScheduler;
    private final SerialExecutor ownedApplyExecutor;

    private final RaftStorage storage;
    private volatile boolean killed;
    /** (term, isLeader) as of the last input; written under the lock, read without it. */
    private volatile TermState published;
    private Scheduler.Cancellable tickTimer;
    private Scheduler.Cancellable flushTimer;
    /** The leadership transfer started here and not yet decided, or null; guarded by lock. */
    private TransferWatch transfer;
    /** Membership changes proposed here, and the configuration the listener last heard; guarded by lock. */
    private final MembershipWatch members;
    /** Futures to complete once the lock is released; guarded by lock. */
    private final List<Runnable> completions = new ArrayList<>();
    /** completions is not empty: read without the lock, so an input with nothing to complete takes it once. */
    private volatile boolean completionsDue;

    private final ArrayDeque<ApplyMsg> applyQueue = new ArrayDeque<>();
    /**
     * Reads asked for and not yet settled by the core, by ctx, oldest first (so the tick expires
     * them from the head: every read gets the same timeout); guarded by lock.
     */
    private final LinkedHashMap<Long, PendingRead> pendingReads = new LinkedHashMap<>();
    private long lastReadCtx;
    /** Settled reads waiting for the applier to reach their index (refusals first); guarded by applyQueue. */
    private final PriorityQueue<SettledRead> settledReads =
            new PriorityQueue<>((a, b) -> Long.compare(a.index, b.index));
    /** The last index handed to the applier; written by the delivering thread only. */
    private volatile long deliveredIndex;

    private record SettledRead(long index, CompletableFuture<Long> future) {}

    /** Set when the tick refused reads: the next drain asks for a delivery; guarded by lock. */
    private boolean readsExpired;

    private record PendingRead(CompletableFuture<Long> future, long deadlineMillis) {}
    private final AtomicBoolean delivering = new AtomicBoolean();
    /** Held around each delivery, so kill() can wait out one already past its killed check. */
    private final ReentrantLock applyLock = new ReentrantLock();

    /** Starts a builder; see {@link RaftNodeBuilder} for what is required and the defaults. */
    public static RaftNodeBuilder newBuilder() {
        return new RaftNodeBuilder();
    }

    RaftNode(RaftNodeBuilder b, Scheduler scheduler, Executor applyExecutor, boolean ownsScheduler,
             boolean ownsApplyExecutor) {
        this.config = b.config;
        this.applier = b.applier;
        this.scheduler = scheduler;
        this.applyExecutor = applyExecutor;
        this.lock = b.lock;
        this.storage = b.storage;
        this.ownedScheduler = ownsScheduler ? (AutoCloseable) scheduler : null;
        this.ownedApplyExecutor = ownsApplyExecutor ? (SerialExecutor) applyExecutor : null;
        this.members = new MembershipWatch(b.membershipListener);
        this.core = b.members != null
                ? new RaftCore(b.id, b.members, config, b.storage.recover(), b.random, b.tracer)
                : new RaftCore(b.id, b.clusterSize, config, b.storage.recover(), b.random, b.tracer);
        this.writes = new WritePipeline(lock, b.storage, b.transport, () -> killed, core.currentTerm(),
                core.votedFor());
        // Recovery may already have something to apply (the snapshot) and the first timer to set.
        input(() -> tickTimer = scheduler.schedule(config.tickMillis(), this::onTick));
    }

    @Override
    public StartResult start(byte[] command) {
        if (storage.writeFailure() != null) {
            // Disk full or failing: take nothing new until the queued write succeeds (it is retried on the next input).
            return read(() -> new StartResult(-1, core.currentTerm(), false));
        }
        return input(() -> core.clientRequest(command), () -> new StartResult(-1, core.currentTerm(), false));
    }

    /**
     * (currentTerm, isLeader) as one value, as of the last input: published under the lock by
     * every input, read without it. Every GET asks (a non-leader refuses at once), and taking
     * the lock there made reads queue behind the transport threads stepping messages (6 % of a
     * 50 % read mix's CPU samples were in this lock).
     */
    @Override
    public TermState state() {
        return published;
    }

    /** Under the lock, after every input: what state() answers until the next. */
    private void publishState() {
        TermState now = published;
        if (now == null || now.term() != core.currentTerm() || now.isLeader() != core.isLeader()) {
            published = new TermState(core.currentTerm(), core.isLeader());
        }
    }

    @Override
    public void snapshot(long index, byte[] snapshot) {
        input(() -> core.snapshot(index, snapshot));
    }

    @Override
    public void receive(Message message) {
        input(() -> core.step(message));
    }

    /**
     * Inbound messages stepped in order under one lock, then one write for all of them: a
     * follower given the AppendEntries that queued up during its last fsync makes them
     * durable with one fsync, and replies to each after it (the core's Ready covers every
     * step since the last). Same outcome as receive() of each in turn, fewer fsyncs.
     */
    public void receiveAll(List<Message> messages) {
        // An InstallSnapshot is stepped alone: storage applies an Update's appends before its
        // snapshot (RaftStorage.Update), so a snapshot and the AppendEntries after it must not
        // share one write, just as UpdateMerge never merges snapshots (a joiner's storage refused
        // "append of entry 201 but the log ends at 0" in a fault run).
        int from = 0;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) instanceof Message.InstallSnapshot) {
                stepTogether(messages.subList(from, i));
                stepTogether(messages.subList(i, i + 1));
                from = i + 1;
            }
        }
        stepTogether(messages.subList(from, messages.size()));
    }

    private void stepTogether(List<Message> batch) {
        if (!batch.isEmpty()) {
            input(() -> batch.forEach(core::step));
        }
    }

    /**
     * ReadIndex (thesis 6.4): see {@link Replica#readIndex()}. At a follower the read is
     * forwarded to the leader. Unanswered after two election timeouts (a lost message, say) it
     * is refused. Completes on the apply executor, never under the node's lock.
     */
    @Override
    public CompletableFuture<Long> readIndex() {
        return input(() -> {
            long ctx = ++lastReadCtx;
            CompletableFuture<Long> f = new CompletableFuture<>();
            pendingReads.put(ctx, new PendingRead(f, scheduler.nowMillis() + 2 * config.electionTimeoutMillis()));
            core.readIndex(ctx);
            return f;
        }, () -> CompletableFuture.failedFuture(new ReadRefusedException("node stopped")));
    }

    @Override
    public Membership membership() {
        return read(core::membership);
    }

    /**
     * One single-server change through the core ({@link RaftCore#changeMembership}): refused at
     * once (a failed future with the core's {@link MembershipException}) unless this node leads
     * and may change; else completes once the change has committed, or fails when this node
     * stops leading first. Completes outside the node's lock.
     */
    @Override
    public CompletableFuture<Membership> changeMembership(MembershipChange change) {
        return input(() -> {
            try {
                core.changeMembership(change);
            } catch (MembershipException refused) {
                return CompletableFuture.failedFuture(refused);
            }
            return members.track(change, core.currentTerm());
        }, () -> CompletableFuture.failedFuture(new MembershipException("node stopped", -1)));
    }

    /** Under the lock: a read the core settled (or that timed out) waits for the applier to reach its index. */
    private void settle(ReadState s) {
        PendingRead p = pendingReads.remove(s.ctx());
        if (p != null) {
            synchronized (applyQueue) {
                settledReads.add(new SettledRead(s.index(), p.future()));
            }
        }
    }

    /** Under the lock, each tick: refuses the reads unanswered past their deadline (a lost message, say). */
    private boolean expireReads() {
        boolean any = false;
        long now = scheduler.nowMillis();
        var it = pendingReads.values().iterator();
        while (it.hasNext()) {
            PendingRead p = it.next();
            if (p.deadlineMillis() > now) {
                break;
            }
            it.remove();
            synchronized (applyQueue) {
                settledReads.add(new SettledRead(-1, p.future()));
            }
            any = true;
        }
        return any;
    }

    /** On the delivering thread: completes the settled reads the applier has caught up with. */
    private void completeReads() {
        while (true) {
            SettledRead r;
            synchronized (applyQueue) {
                r = settledReads.peek();
                if (r == null || r.index > deliveredIndex) {
                    return;
                }
                settledReads.poll();
            }
            if (r.index < 0) {
                r.future.completeExceptionally(new ReadRefusedException("not leader, or leadership not confirmed"));
            } else {
                r.future.complete(r.index);
            }
        }
    }

    /**
     * Hands leadership to target (thesis 3.10). While the transfer lasts, start() refuses
     * proposals (isLeader false: the caller redirects, nothing is dropped). The future
     * completes true once this node knows target leads a later term; false if this node is
     * not leader or target not another member, if the core abandons the transfer after an
     * election timeout (the leader resumes), if another node takes over, or after two
     * election timeouts without an outcome. It completes on the scheduler's thread: callbacks
     * must not block.
     */
    @Override
    public CompletableFuture<Boolean> transferLeadership(int target) {
        return input(() -> {
            if (core.isLeader() && target == core.id()) {
                return CompletableFuture.completedFuture(true);
            }
            if (!core.transferLeadership(target)) {
                return CompletableFuture.completedFuture(false);
            }
            if (transfer != null) {
                finishTransfer(false);
            }
            TransferWatch started = new TransferWatch(target, core.currentTerm());
            transfer = started;
            scheduler.schedule(2 * config.electionTimeoutMillis(), () -> input(() -> {
                if (transfer == started) {
                    finishTransfer(false);
                }
            }));
            return started.result;
        }, () -> CompletableFuture.completedFuture(false));
    }

    /** Under the lock: settles the watched transfer, completing its future off this thread. */
    private void finishTransfer(boolean ok) {
        CompletableFuture<Boolean> f = transfer.result;
        transfer = null;
        scheduler.schedule(0, () -> f.complete(ok));
    }

    /**
     * Stop for good: no message sent and nothing applied after this returns. Waits for a
     * delivery already in progress on another thread, so the caller must not hold anything
     * the applier needs (the lab's config lock, say). Calling it from inside the applier is fine.
     */
    @Override
    public void kill() {
        lock.lock();
        try {
            killed = true;
            if (tickTimer != null) {
                tickTimer.cancel();
            }
            if (flushTimer != null) {
                flushTimer.cancel();
            }
        } finally {
            lock.unlock();
        }
        applyLock.lock();
        applyLock.unlock();
        List<CompletableFuture<Long>> unanswered = new ArrayList<>();
        lock.lock();
        try {
            pendingReads.values().forEach(p -> unanswered.add(p.future()));
            pendingReads.clear();
            members.failAll(completions);
            completionsDue = true;
        } finally {
            lock.unlock();
        }
        runCompletions();
        synchronized (applyQueue) {
            applyQueue.clear();
            settledReads.forEach(r -> unanswered.add(r.future));
            settledReads.clear();
        }
        unanswered.forEach(f -> f.completeExceptionally(new ReadRefusedException("node stopped")));
        stopOwned();
    }

    public boolean isKilled() {
        return killed;
    }

    /** Diagnostics for tests and the simulator's progress output. */
    public long commitIndex() {
        return read(core::commitIndex);
    }

    private void onTick() {
        input(() -> {
            readsExpired |= expireReads();
            core.tick();
            tickTimer = scheduler.schedule(config.tickMillis(), this::onTick);
        });
    }

    private void onFlush() {
        input(() -> {
            flushTimer = null;
            core.flush();
        });
    }

    private void input(Runnable step) {
        input(() -> {
            step.run();
            return null;
        }, () -> null);
    }

    /**
     * The one path of every input: under the lock, unless killed (then whenKilled answers),
     * run step on the core and hand its output on; then, outside the lock, persist what it
     * queued and deliver what it committed.
     */
    private <T> T input(Supplier<T> step, Supplier<T> whenKilled) {
        T result;
        boolean deliver;
        lock.lock();
        try {
            if (killed) {
                return whenKilled.get();
            }
            core.setNow(scheduler.nowMillis());
            result = step.get();
            deliver = drain();
        } finally {
            if (!killed) {
                publishState();   // also when the step threw: whatever it changed is what state() answers
            }
            lock.unlock();
        }
        runCompletions();
        persistQueued();
        if (deliver) {
            applyExecutor.execute(this::deliver);
        }
        return result;
    }

    private <T> T read(Supplier<T> query) {
        lock.lock();
        try {
            return query.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Under the lock: hand the core's output to the write pipeline and the apply queue.
     * Returns whether a delivery is needed.
     */
    private boolean drain() {
        publishState();
        // Idle followers get new entries at once, ahead of our own log write; followers
        // busy with a batch coalesce until their reply or the flush timer.
        core.flushIdle();
        Ready r = core.ready();
        writes.submit(r, core.currentTerm(), core.votedFor());
        if (r.flushWanted() && flushTimer == null) {
            flushTimer = scheduler.schedule(FLUSH_DELAY_MILLIS, this::onFlush);
        }
        if (transfer != null) {
            Boolean outcome = transfer.outcome(core);
            if (outcome != null) {
                finishTransfer(outcome);
            }
        }
        members.check(core, completions);
        completionsDue |= !completions.isEmpty();
        r.reads().forEach(this::settle);
        boolean expired = readsExpired;
        readsExpired = false;
        if (r.applies().isEmpty() && r.reads().isEmpty()) {
            return expired;
        }
        synchronized (applyQueue) {
            applyQueue.addAll(r.applies());
        }
        return true;
    }

    /** Outside the lock: the pipeline's writes, each reported to the core once durable. */
    private void persistQueued() {
        boolean deliver = writes.persistQueued(covered -> {
            core.persisted(covered);
            return drain();
        });
        runCompletions();
        if (deliver) {
            applyExecutor.execute(this::deliver);
        }
    }

    /** Outside the lock: tells the membership listener, then settles the changes decided under the lock. */
    private void runCompletions() {
        members.report();
        if (!completionsDue) {
            return;
        }
        List<Runnable> due;
        lock.lock();
        try {
            due = new ArrayList<>(completions);
            completions.clear();
            completionsDue = false;
        } finally {
            lock.unlock();
        }
        due.forEach(Runnable::run);
    }

    /**
     * Runs on the apply executor, never under the lock. The CAS keeps deliveries one at a
     * time even if the executor is multi-threaded or runs tasks inline (a nested call from
     * the applier, via snapshot() or start(), leaves its work to the outer loop).
     */
    private void deliver() {
        while (true) {
            if (!delivering.compareAndSet(false, true)) {
                return;
            }
            try {
                while (true) {
                    ApplyMsg m;
                    synchronized (applyQueue) {
                        m = applyQueue.poll();
                    }
                    if (m == null) {
                        break;
                    }
                    applyLock.lock();
                    try {
                        if (killed) {
                            break;
                        }
                        applier.accept(m);
                        deliveredIndex = m.index();
                    } finally {
                        applyLock.unlock();
                    }
                    completeReads();
                }
                completeReads();
            } finally {
                delivering.set(false);
            }
            synchronized (applyQueue) {
                boolean readsDue = !settledReads.isEmpty() && settledReads.peek().index <= deliveredIndex;
                if ((applyQueue.isEmpty() && !readsDue) || killed) {
                    return;
                }
            }
        }
    }

    /** Threads the builder started for defaults; the caller's own scheduler and executor are left alone. */
    private void stopOwned() {
        if (ownedScheduler != null) {
            try {
                ownedScheduler.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the node's scheduler", e);
            }
        }
        if (ownedApplyExecutor != null) {
            ownedApplyExecutor.shutdown();
        }
    }
}
