package raft.node;

import raft.core.Message;
import raft.core.RaftCore;
import raft.core.Ready;
import raft.core.Tracer;
import raft.storage.RaftStorage;

import java.util.ArrayDeque;
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

    private final ArrayDeque<ApplyMsg> applyQueue = new ArrayDeque<>();
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
            deliver = drain();
            tickTimer = scheduler.schedule(config.tickMillis(), this::onTick);
        } finally {
            lock.unlock();
        }
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
        if (deliver) {
            applyExecutor.execute(this::deliver);
        }
        return result;
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
        if (deliver) {
            applyExecutor.execute(this::deliver);
        }
    }

    /**
     * Under the lock: send the leader's AppendEntries, persist (so followers write their logs
     * while the leader writes its own), send what had to wait for persistence, queue applies.
     * Reporting persistence back may commit entries, so it loops until nothing is left.
     * Returns whether a delivery is needed.
     */
    private boolean drain() {
        boolean deliver = false;
        while (true) {
            // Idle followers get new entries at once, ahead of our own log write; followers
            // busy with a batch coalesce until their reply or the flush timer.
            core.flushIdle();
            Ready r = core.ready();
            for (Message m : r.early()) {
                transport.send(m);
            }
            if (r.update() != null) {
                storage.persist(r.update());
            }
            for (Message m : r.afterPersist()) {
                transport.send(m);
            }
            if (!r.applies().isEmpty()) {
                synchronized (applyQueue) {
                    applyQueue.addAll(r.applies());
                }
                deliver = true;
            }
            if (r.flushWanted() && flushTimer == null) {
                flushTimer = scheduler.schedule(FLUSH_DELAY_MILLIS, this::onFlush);
            }
            if (r.update() == null) {
                return deliver;
            }
            core.persisted(r);
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
