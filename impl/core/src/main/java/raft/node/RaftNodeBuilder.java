package raft.node;

import raft.core.ApplyMsg;
import raft.core.Membership;
import raft.core.RaftConfig;
import raft.core.RaftStorage;
import raft.core.Tracer;

import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Builds a {@link RaftNode} ({@link RaftNode#newBuilder()}). Required: id, clusterSize or members,
 * storage, transport and applier. Everything else has a production default: {@link
 * RaftConfig#defaults()}, a wall-clock scheduler and a one-thread apply executor (both
 * started for this node and stopped by its kill()), a {@link ReentrantLock}, an unseeded
 * random and no tracer. Tests and simulators replace the defaults with virtual time, seeded
 * randomness or a deliberately broken lock.
 */
public final class RaftNodeBuilder {
    int id = -1;
    int clusterSize;
    Membership members;
    Consumer<Membership> membershipListener;
    RaftStorage storage;
    Transport transport;
    Consumer<ApplyMsg> applier;
    RaftConfig config = RaftConfig.defaults();
    private Scheduler scheduler;
    private Executor applyExecutor;
    Lock lock = new ReentrantLock();
    RandomGenerator random;
    Tracer tracer = Tracer.NONE;

    RaftNodeBuilder() {}

    /** This node's id, 0..clusterSize-1. */
    public RaftNodeBuilder id(int id) {
        this.id = id;
        return this;
    }

    /** The fixed cluster 0..clusterSize-1, all voters with empty addresses; {@link #members} replaces it. */
    public RaftNodeBuilder clusterSize(int clusterSize) {
        this.clusterSize = clusterSize;
        return this;
    }

    /**
     * The configuration to start from until the log or a snapshot holds one (only a node with
     * no data uses it). Ids are stable, not positions; this node's id need not be in it. An
     * empty configuration is a server joining a running cluster: it never campaigns and waits
     * for the leader that added it. Set, it replaces clusterSize.
     */
    public RaftNodeBuilder members(Membership initial) {
        this.members = initial;
        return this;
    }

    /**
     * Told the latest configuration (committed or not) at start and whenever it changes: an
     * append, a truncation, a snapshot installed. Called outside the node's lock, in order,
     * possibly from any thread that gave the node an input: it must not block.
     */
    public RaftNodeBuilder membershipListener(Consumer<Membership> listener) {
        this.membershipListener = listener;
        return this;
    }

    /** Persistent state: read once when the node is built, then written through persist(). */
    public RaftNodeBuilder storage(RaftStorage storage) {
        this.storage = storage;
        return this;
    }

    /** Outbound messages; must not block. */
    public RaftNodeBuilder transport(Transport transport) {
        this.transport = transport;
        return this;
    }

    /**
     * Receives committed entries and snapshots in index order, exactly once each; always
     * called from the apply executor, never while the node's lock is held.
     */
    public RaftNodeBuilder applier(Consumer<ApplyMsg> applier) {
        this.applier = applier;
        return this;
    }

    public RaftNodeBuilder config(RaftConfig config) {
        this.config = config;
        return this;
    }

    /** Time: ticks and the flush timer are scheduled through it. */
    public RaftNodeBuilder scheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
        return this;
    }

    /** Runs deliveries to the applier, one at a time and in order. */
    public RaftNodeBuilder applyExecutor(Executor applyExecutor) {
        this.applyExecutor = applyExecutor;
        return this;
    }

    /** Guards all node state; injected so tests can break it on purpose. */
    public RaftNodeBuilder lock(Lock lock) {
        this.lock = lock;
        return this;
    }

    /** Randomness for election timeouts; seed it for a run that replays. */
    public RaftNodeBuilder random(RandomGenerator random) {
        this.random = random;
        return this;
    }

    /** Receives one event per spec-level step of the core. */
    public RaftNodeBuilder tracer(Tracer tracer) {
        this.tracer = tracer;
        return this;
    }

    /** Recovers from storage and starts the timers; the first deliveries may follow at once. */
    public RaftNode build() {
        require(storage, "storage");
        require(transport, "transport");
        require(applier, "applier");
        require(config, "config");
        require(lock, "lock");
        require(tracer, "tracer");
        if (members != null) {
            if (id < 0) {
                throw new IllegalStateException("RaftNode builder: id (" + id + ") must be >= 0");
            }
        } else if (clusterSize < 1 || id < 0 || id >= clusterSize) {
            throw new IllegalStateException("RaftNode builder: id (" + id + ") must be in 0.." + (clusterSize - 1)
                    + " and clusterSize (" + clusterSize + ") at least 1");
        }
        if (random == null) {
            random = new SplittableRandom();
        }
        boolean ownsScheduler = scheduler == null;
        boolean ownsExecutor = applyExecutor == null;
        Scheduler s = ownsScheduler ? new RealScheduler("raft-timer-" + id, 1) : scheduler;
        Executor e = ownsExecutor ? new SerialExecutor("raft-apply-" + id) : applyExecutor;
        return new RaftNode(this, s, e, ownsScheduler, ownsExecutor);
    }

    private static void require(Object value, String name) {
        if (value == null) {
            throw new IllegalStateException("RaftNode builder: " + name + " is required");
        }
    }
}
