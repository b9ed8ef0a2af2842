package raft.node;

import raft.core.Message;
import raft.core.RaftStorage;
import raft.core.Ready;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The node's ordered writes: each Ready's storage update becomes durable in the order the
 * core produced it, and the messages that depend on it leave only afterwards. Updates that
 * wait behind the same fsync are merged ({@link UpdateMerge}), so a burst costs one write.
 * The term and vote last made durable decide whether a leader's early messages may go at
 * once. Every field is guarded by the node's lock; the storage call runs outside it, so
 * neither state() nor inbound replies wait on an fsync.
 */
final class WritePipeline {
    private final Lock lock;
    private final RaftStorage storage;
    private final Transport transport;
    private final BooleanSupplier killed;

    /** Writes handed out by the core, oldest first. */
    private final ArrayDeque<PendingWrite> queue = new ArrayDeque<>();
    /** Some thread is running persistQueued(). */
    private boolean persisting;
    /** Term and vote as last made durable. */
    private long durableTerm;
    private int durableVote;

    WritePipeline(Lock lock, RaftStorage storage, Transport transport, BooleanSupplier killed,
                  long durableTerm, int durableVote) {
        this.lock = lock;
        this.storage = storage;
        this.transport = transport;
        this.killed = killed;
        this.durableTerm = durableTerm;
        this.durableVote = durableVote;
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
     * Under the lock: sends what may go now and queues the update with the messages that
     * must follow it. The early messages leave at once unless the term or vote they carry is
     * not yet durable: the leader's AppendEntries, so followers write their logs while the
     * leader writes its own, and a read round's heartbeats and acknowledgements, so a round
     * costs a round trip and not the fsyncs queued at either end.
     */
    void submit(Ready r, long currentTerm, int votedFor) {
        List<Message> late = r.afterPersist();
        if (durableTerm == currentTerm && durableVote == votedFor) {
            for (Message m : r.early()) {
                transport.send(m);
            }
        } else {
            late = r.messages();
        }
        if (r.update() != null || (!queue.isEmpty() && !late.isEmpty())) {
            // Also a bare message waits behind queued writes: a reply may vouch for entries still in them.
            enqueue(r, late);
        } else {
            for (Message m : late) {
                transport.send(m);
            }
        }
    }

    /**
     * Joins the last queued write unless the persister may already be writing it (the head,
     * while persisting): updates that wait out the same fsync share the next one.
     */
    private void enqueue(Ready r, List<Message> late) {
        PendingWrite tail = queue.peekLast();
        boolean tailWaiting = tail != null && (!persisting || queue.size() >= 2);
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
        queue.add(new PendingWrite(r, late));
    }

    /**
     * Outside the lock: makes queued updates durable in order, each followed by its messages
     * and, under the lock, by onDurable (the node reports the Ready to the core and drains;
     * it answers whether applies are waiting). One thread at a time does this; others leave
     * their writes to it, so proposals arriving during an fsync wait in the queue.
     * Returns whether any onDurable answered true.
     */
    boolean persistQueued(Predicate<Ready> onDurable) {
        boolean deliver = false;
        lock.lock();
        try {
            if (persisting || queue.isEmpty()) {
                return false;
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
                    w = queue.peek();
                    if (w == null || killed.getAsBoolean()) {
                        queue.clear();
                        persisting = false;
                        done = true;
                        break;
                    }
                    // From here on enqueue() leaves the head alone.
                    u = w.update;
                    covered = w.ready;
                } finally {
                    lock.unlock();
                }
                if (u != null) {
                    transport.flushDeferred();
                    storage.persist(u);
                }
                lock.lock();
                try {
                    queue.poll();
                    if (killed.getAsBoolean()) {
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
                        deliver |= onDurable.test(covered);
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
        return deliver;
    }
}
