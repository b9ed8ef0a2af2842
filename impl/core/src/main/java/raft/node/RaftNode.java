package raft.node;

import raft.core.RaftConfig;
import raft.core.StartResult;
import raft.core.ApplyMsg;
import raft.core.Message;
import raft.core.RaftCore;
import raft.core.Ready;
import raft.core.Tracer;
import raft.core.RaftStorage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The thin shell around the deterministic core: a lock, timers (through the
 * injected Scheduler), storage and the apply queue. Every dependency with a
 * concurrency or timing aspect is injected, so the simulator can run it in
 * virtual time and the jcstress probes can hand it a broken lock.
 *
 * Each input runs under the lock: feed the core, persist its update, send its
 * messages, queue its applies. Deliveries to the applier happen afterwards on the
 * apply executor, outside the lock, because the service may call snapshot() from
 * inside the applier.
 */
public final class RaftNode {
    /** Proposals made within this many milliseconds go out in one AppendEntries per follower. */
    public static final long FLUSH_DELAY_MILLIS = 1;

    private final RaftCore core;
    private final RaftConfig config;
    private final RaftStorage storage;
    private final Transport transport;
    private final Consumer<ApplyMsg> applier;
    private final Scheduler scheduler;
    private final Executor applyExecutor;
    private final Lock lock;

    private volatile boolean killed;
    private Scheduler.Cancellable tickTimer;
    private Scheduler.Cancellable flushTimer;
    /** The leadership transfer started here and not yet decided, or null; guarded by lock. */
    private TransferWatch transfer;

    private final ArrayDeque<ApplyMsg> applyQueue = new ArrayDeque<>();
    /** Writes handed out by the core, oldest first; guarded by lock. */
    private final ArrayDeque<PendingWrite> persistQueue = new ArrayDeque<>();
    /** Some thread is running persistQueued(); guarded by lock. */
    private boolean persisting;
    /** Term and vote as last made durable; guarded by lock. */
    private long durableTerm;
    private int durableVote;
    private final AtomicBoolean delivering = new AtomicBoolean();
    /** Held around each delivery, so kill() can wait out one already past its killed check. */
    private final ReentrantLock applyLock = new ReentrantLock();

    /**
     * @param id            this node's id, 0..clusterSize-1
     * @param storage       persistent state; read once here, then written through persist()
     * @param transport     outbound messages; must not block
     * @param applier       receives committed entries and snapshots in index order, exactly once each;
     *                      always called from applyExecutor, never while the node's lock is held
     * @param scheduler     time: ticks and election timers are scheduled through it
     * @param applyExecutor runs deliveries to applier, one at a time and in order
     * @param lock          guards all node state; injected so tests can break it on purpose
     * @param random        seeded randomness for election timeouts
     */
    public RaftNode(int id, int clusterSize, RaftConfig config, RaftStorage storage, Transport transport,
                    Consumer<ApplyMsg> applier, Scheduler scheduler, Executor applyExecutor, Lock lock,
                    RandomGenerator random) {
        this(id, clusterSize, config, storage, transport, applier, scheduler, applyExecutor, lock, random, Tracer.NONE);
    }

    /** As above, with a tracer receiving one event per spec-level step. */
    public RaftNode(int id, int clusterSize, RaftConfig config, RaftStorage storage, Transport transport,
                    Consumer<ApplyMsg> applier, Scheduler scheduler, Executor applyExecutor, Lock lock,
                    RandomGenerator random, Tracer tracer) {
        this.config = config;
        this.storage = storage;
        this.transport = transport;
        this.applier = applier;
        this.scheduler = scheduler;
        this.applyExecutor = applyExecutor;
        this.lock = lock;
        boolean deliver;
        lock.lock();
        try {
            this.core = new RaftCore(id, clusterSize, config, storage.recover(), random, tracer);
            durableTerm = core.currentTerm();
            durableVote = core.votedFor();
            deliver = drain();
            tickTimer = scheduler.schedule(config.tickMillis(), this::onTick);
        } finally {
            lock.unlock();
        }
        persistQueued();
        if (deliver) {
            applyExecutor.execute(this::deliver);
        }
    }

    /** Appends command if leader; never blocks on I/O to peers. */
    public StartResult start(byte[] command) {
        StartResult result;
        boolean deliver;
        lock.lock();
        try {
            if (killed) {
                return new StartResult(-1, core.currentTerm(), false);
            }
            result = core.propose(command);
            deliver = drain();
        } finally {
            lock.unlock();
        }
        persistQueued();
        if (deliver) {
            applyExecutor.execute(this::deliver);
        }
        return result;
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
    public CompletableFuture<Boolean> transferLeadership(int target) {
        TransferWatch started;
        boolean deliver;
        lock.lock();
        try {
            if (!killed && core.isLeader() && target == core.id()) {
                return CompletableFuture.completedFuture(true);
            }
            if (killed || !core.transferLeadership(target)) {
                return CompletableFuture.completedFuture(false);
            }
            if (transfer != null) {
                finishTransfer(false);
            }
            started = new TransferWatch(target, core.currentTerm());
            transfer = started;
            scheduler.schedule(2 * config.electionTimeoutMillis(), () -> {
                lock.lock();
                try {
                    if (transfer == started) {
                        finishTransfer(false);
                    }
                } finally {
                    lock.unlock();
                }
            });
            deliver = drain();
        } finally {
            lock.unlock();
        }
        persistQueued();
        if (deliver) {
            applyExecutor.execute(this::deliver);
        }
        return started.result;
    }

    /** Under the lock: settles the watched transfer, completing its future off this thread. */
    private void finishTransfer(boolean ok) {
        CompletableFuture<Boolean> f = transfer.result;
        transfer = null;
        scheduler.schedule(0, () -> f.complete(ok));
    }

    /** (currentTerm, isLeader) read together under the lock; never waits on I/O to peers. */
    public TermState state() {
        lock.lock();
        try {
            return new TermState(core.currentTerm(), core.isLeader());
        } finally {
            lock.unlock();
        }
    }

    /** The service has a snapshot covering everything up to index: compact the log. */
    public void snapshot(long index, byte[] snapshot) {
        lock.lock();
        try {
            if (killed) {
                return;
            }
            core.snapshot(index, snapshot);
            drain();
        } finally {
            lock.unlock();
        }
        persistQueued();
    }

    /** Inbound message from the transport. */
    public void receive(Message message) {
        boolean deliver;
        lock.lock();
        try {
            if (killed) {
                return;
            }
            core.step(message);
            deliver = drain();
        } finally {
            lock.unlock();
        }
        persistQueued();
        if (deliver) {
            applyExecutor.execute(this::deliver);
        }
    }

    /**
     * Stop for good: no message sent and nothing applied after this returns. Waits for a
     * delivery already in progress on another thread, so the caller must not hold anything
     * the applier needs (the lab's config lock, say). Calling it from inside the applier is fine.
     */
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
        synchronized (applyQueue) {
            applyQueue.clear();
        }
    }

    public boolean isKilled() {
        return killed;
    }

    /** Diagnostics for tests and the simulator's progress output. */
    public long commitIndex() {
        lock.lock();
        try {
            return core.commitIndex();
        } finally {
            lock.unlock();
        }
    }

    private void onTick() {
        boolean deliver;
        lock.lock();
        try {
            if (killed) {
                return;
            }
            core.tick();
            deliver = drain();
            tickTimer = scheduler.schedule(config.tickMillis(), this::onTick);
        } finally {
            lock.unlock();
        }
        persistQueued();
        if (deliver) {
            applyExecutor.execute(this::deliver);
        }
    }

    private void onFlush() {
        boolean deliver;
        lock.lock();
        try {
            flushTimer = null;
            if (killed) {
                return;
            }
            core.flush();
            deliver = drain();
        } finally {
            lock.unlock();
        }
        persistQueued();
        if (deliver) {
            applyExecutor.execute(this::deliver);
        }
    }

    /**
     * Under the lock: hand the core's output on. The leader's AppendEntries leave at once, so
     * followers write their logs while the leader writes its own. The storage update and the
     * messages that must follow it are queued for {@link #persistQueued()}, which the caller
     * runs after releasing the lock, so neither state() nor inbound replies wait on an fsync.
     * Applies are queued for delivery. Returns whether a delivery is needed.
     */
    private boolean drain() {
        // Idle followers get new entries at once, ahead of our own log write; followers
        // busy with a batch coalesce until their reply or the flush timer.
        core.flushIdle();
        Ready r = core.ready();
        List<Message> late = r.afterPersist();
        // Early sends need the current term and vote on disk; a queued write may still hold them.
        if (durableTerm == core.currentTerm() && durableVote == core.votedFor()) {
            for (Message m : r.early()) {
                transport.send(m);
            }
        } else {
            late = r.messages();
        }
        if (r.update() != null || (!persistQueue.isEmpty() && !late.isEmpty())) {
            // Also a bare message waits behind queued writes: a reply may vouch for entries still in them.
            enqueueWrite(r, late);
        } else {
            for (Message m : late) {
                transport.send(m);
            }
        }
        if (r.flushWanted() && flushTimer == null) {
            flushTimer = scheduler.schedule(FLUSH_DELAY_MILLIS, this::onFlush);
        }
        if (transfer != null) {
            Boolean outcome = transfer.outcome(core);
            if (outcome != null) {
                finishTransfer(outcome);
            }
        }
        if (r.applies().isEmpty()) {
            return false;
        }
        synchronized (applyQueue) {
            applyQueue.addAll(r.applies());
        }
        return true;
    }

    /**
     * A storage update not yet durable (null: none), the newest Ready it covers (for
     * core.persisted) and the messages that must wait for it.
     */
    private static final class PendingWrite {
        RaftStorage.Update update;
        Ready ready;
        final List<Message> messages = new ArrayList<>();

        PendingWrite(Ready ready, List<Message> late) {
            this.update = ready.update();
            this.ready = update == null ? null : ready;
            messages.addAll(late);
        }
    }

    /**
     * Under the lock. Joins the last queued write unless the persister may already be writing
     * it (the head, while persisting): updates that wait out the same fsync share the next one.
     */
    private void enqueueWrite(Ready r, List<Message> late) {
        PendingWrite tail = persistQueue.peekLast();
        boolean tailWaiting = tail != null && (!persisting || persistQueue.size() >= 2);
        if (tailWaiting) {
            if (r.update() == null) {
                tail.messages.addAll(late);
                return;
            }
            if (tail.update == null || UpdateMerge.canMerge(tail.update, r.update())) {
                tail.update = tail.update == null ? r.update() : UpdateMerge.merge(tail.update, r.update());
                tail.ready = r;
                tail.messages.addAll(late);
                return;
            }
        }
        persistQueue.add(new PendingWrite(r, late));
    }

    /**
     * Outside the lock: makes queued updates durable in order, each followed by its messages
     * and by core.persisted(). One thread at a time does this; others leave their writes to
     * it, so proposals arriving during an fsync wait in the queue.
     */
    private void persistQueued() {
        boolean deliver = false;
        lock.lock();
        try {
            if (persisting || persistQueue.isEmpty()) {
                return;
            }
            persisting = true;
        } finally {
            lock.unlock();
        }
        boolean done = false;
        try {
            while (true) {
                PendingWrite w;
                RaftStorage.Update u;
                Ready covered;
                lock.lock();
                try {
                    w = persistQueue.peek();
                    if (w == null || killed) {
                        persistQueue.clear();
                        persisting = false;
                        done = true;
                        break;
                    }
                    // From here on enqueueWrite leaves the head alone.
                    u = w.update;
                    covered = w.ready;
                } finally {
                    lock.unlock();
                }
                if (u != null) {
                    storage.persist(u);
                }
                lock.lock();
                try {
                    persistQueue.poll();
                    if (killed) {
                        continue;
                    }
                    if (u != null) {
                        durableTerm = u.term();
                        durableVote = u.votedFor();
                    }
                    for (Message m : w.messages) {
                        transport.send(m);
                    }
                    if (u != null) {
                        core.persisted(covered);
                        deliver |= drain();
                    }
                } finally {
                    lock.unlock();
                }
            }
        } finally {
            if (!done) {
                // The storage threw: the write stays at the head of the queue for the next caller.
                lock.lock();
                try {
                    persisting = false;
                } finally {
                    lock.unlock();
                }
            }
        }
        if (deliver) {
            applyExecutor.execute(this::deliver);
        }
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
                    } finally {
                        applyLock.unlock();
                    }
                }
            } finally {
                delivering.set(false);
            }
            synchronized (applyQueue) {
                if (applyQueue.isEmpty() || killed) {
                    return;
                }
            }
        }
    }
}
