package raft.transport;

import raft.core.Message;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Hands inbound requests to one thread of the node's own, in arrival order, so that a
 * transport I/O thread never waits on the node. A follower's receive() of an AppendEntries
 * returns only after its log write and fsync; run on a Netty event loop, that stalls every
 * connection the loop serves (heartbeats, replies, the other peers' messages) for the
 * length of the fsync. Replies are stepped at once on the caller's thread: they write
 * nothing unless they carry a newer term, and a thread hop would add to every commit's
 * latency. So a request and a reply from one peer may be stepped out of their order,
 * which Raft tolerates (any message may be delayed).
 * <pre>
 *   NodeInbox inbox = new NodeInbox("raft-inbox-0", node::receive);
 *   transport.start(inbox);
 * </pre>
 * The queue is bounded: when the node falls that far behind, further messages are dropped
 * and counted, which Raft tolerates (the leader resends), instead of blocking the event loop.
 */
public final class NodeInbox implements Consumer<Message>, AutoCloseable {
    /** Far above what a leader keeps in flight to one follower; only a stalled node fills it. */
    static final int CAPACITY = 4096;
    private static final System.Logger LOG = System.getLogger("raft.transport");

    private final Consumer<Message> node;
    private final ThreadPoolExecutor thread;
    private final LongAdder dropped = new LongAdder();

    public NodeInbox(String threadName, Consumer<Message> node) {
        this.node = node;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(CAPACITY), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void accept(Message m) {
        if (!m.isRequest()) {
            deliver(m);
            return;
        }
        try {
            thread.execute(() -> deliver(m));
        } catch (RejectedExecutionException e) {
            dropped.increment(); // full, or closed
        }
    }

    private void deliver(Message m) {
        try {
            node.accept(m);
        } catch (RuntimeException e) {
            // The node's failure (its disk full, say) is no reason to stop taking messages.
            LOG.log(System.Logger.Level.WARNING, "the node failed to take a message from node " + m.from() + ": " + e);
        }
    }

    /** Messages dropped because the queue was full or the inbox closed. */
    public long dropped() {
        return dropped.sum();
    }

    /** Stops the thread; queued messages are dropped. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
