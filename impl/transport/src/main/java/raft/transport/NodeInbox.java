package raft.transport;

import raft.core.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
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
 * which Raft tolerates (any message may be delayed). A ReadHeartbeat is stepped at once too,
 * for the same reasons: it writes nothing unless it carries a newer term, and queued behind an
 * AppendEntries it would wait for that fsync, adding one to every ReadIndex read.
 * <p>
 * The requests that queued up while the node was busy (in its fsync, say) go to it
 * together, up to {@link #MAX_BATCH}, when it takes batches ({@link #batching}): a
 * follower then makes all of them durable with one fsync (group commit).
 * <pre>
 *   NodeInbox inbox = NodeInbox.batching("raft-inbox-0", node::receiveAll);
 *   transport.start(inbox);
 * </pre>
 * The queue is bounded: when the node falls that far behind, further messages are dropped
 * and counted, which Raft tolerates (the leader resends), instead of blocking the event loop.
 */
public final class NodeInbox implements Consumer<Message>, AutoCloseable {
    /** Far above what a leader keeps in flight to one follower; only a stalled node fills it. */
    static final int CAPACITY = 4096;
    /** At most this many requests per batch: bounds how long one batch holds the node's lock. */
    static final int MAX_BATCH = 256;
    private static final System.Logger LOG = System.getLogger("raft.transport");

    private final Consumer<Message> replies;
    private final Consumer<List<Message>> node;
    private final ArrayBlockingQueue<Message> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread thread;
    private volatile boolean closed;
    private final LongAdder dropped = new LongAdder();

    /** One message at a time: a failure on one leaves the others unaffected. */
    public NodeInbox(String threadName, Consumer<Message> node) {
        this(threadName, node, batch -> batch.forEach(m -> deliver(node, m)));
    }

    /** The requests queued up meanwhile together (see the class comment); replies one at a time. */
    public static NodeInbox batching(String threadName, Consumer<Message> replies, Consumer<List<Message>> requests) {
        return new NodeInbox(threadName, replies, requests);
    }

    private NodeInbox(String threadName, Consumer<Message> replies, Consumer<List<Message>> requests) {
        this.replies = replies;
        this.node = requests;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void accept(Message m) {
        if (!m.isRequest() || m instanceof Message.ReadHeartbeat) {
            deliver(replies, m);
            return;
        }
        if (closed || !queue.offer(m)) {
            dropped.increment();
        }
    }

    private void run() {
        List<Message> batch = new ArrayList<>();
        try {
            while (!closed) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                if (closed) {
                    return;
                }
                try {
                    node.accept(batch);
                } catch (RuntimeException e) {
                    // The node's failure (its disk full, say) is no reason to stop taking messages.
                    LOG.log(System.Logger.Level.WARNING, "the node failed to take " + batch.size()
                            + " message(s), the first from node " + batch.get(0).from() + ": " + e);
                }
                batch = new ArrayList<>();
            }
        } catch (InterruptedException e) {
            // close()
        }
    }

    private static void deliver(Consumer<Message> node, Message m) {
        try {
            node.accept(m);
        } catch (RuntimeException e) {
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
        closed = true;
        thread.interrupt();
        queue.clear();
    }
}
