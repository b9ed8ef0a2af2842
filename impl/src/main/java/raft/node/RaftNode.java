package raft.node;

import raft.core.Message;
import raft.storage.RaftStorage;

import java.util.concurrent.Executor;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The thin shell around the deterministic core: a lock, timers (through the
 * injected Scheduler), storage and the apply queue. Every dependency with a
 * concurrency or timing aspect is injected, so the simulator can run it in
 * virtual time and the jcstress probes can hand it a broken lock.
 *
 * CONTRACT (public signatures other modules build against; implementation pending).
 */
public final class RaftNode {

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
        throw new UnsupportedOperationException("pending");
    }

    /** Appends command if leader; never blocks on I/O to peers. */
    public StartResult start(byte[] command) {
        throw new UnsupportedOperationException("pending");
    }

    /** (currentTerm, isLeader) read together under the lock; never waits on I/O to peers. */
    public TermState state() {
        throw new UnsupportedOperationException("pending");
    }

    /** The service has a snapshot covering everything up to index: compact the log. */
    public void snapshot(long index, byte[] snapshot) {
        throw new UnsupportedOperationException("pending");
    }

    /** Inbound message from the transport. */
    public void receive(Message message) {
        throw new UnsupportedOperationException("pending");
    }

    /** Stop for good: no message sent and nothing applied after this returns. */
    public void kill() {
        throw new UnsupportedOperationException("pending");
    }
}
