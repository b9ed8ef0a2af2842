package raft.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import raft.core.Message;

import java.net.InetSocketAddress;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Our outbound connection to one peer. It is only ever used for sending; the peer's
 * messages to us arrive on the connection it opens. While the link is down, send()
 * drops (Raft retransmits on its own schedule) and the link redials with exponential
 * backoff, reset by each successful handshake. The first failure of a run is logged (WARNING,
 * with its cause); the redials after it only at DEBUG, so a peer that is down for an hour
 * costs one line, not thousands.
 */
final class PeerLink {
    private static final System.Logger LOG = System.getLogger(PeerLink.class.getName());
    /** The pipeline name of the handler that turns a burst of flushes into one write call. */
    static final String CONSOLIDATING_FLUSH = "flush";
    final int peerId;
    private final InetSocketAddress address;
    private final Bootstrap bootstrap;
    private final Consumer<Channel> pipeline;
    private final TransportConfig config;
    private final TransportStats stats;
    private volatile Channel ready;
    private volatile boolean closed;
    private volatile int failures;
    /** Messages accepted by send() and not yet written; drained on the channel's event loop. */
    private final Queue<Message> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();   // touched by one connection attempt at a time, on I/O threads

    /** pipeline installs TLS, framing, handshake and encoding on each new connection. */
    PeerLink(int peerId, InetSocketAddress address, Bootstrap base, Consumer<Channel> pipeline,
             TransportConfig config, TransportStats stats) {
        this.peerId = peerId;
        this.address = address;
        this.pipeline = pipeline;
        this.bootstrap = base.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                PeerLink.this.pipeline.accept(ch);
                ch.pipeline().addLast("link", new LinkEvents(ch));
            }
        });
        this.config = config;
        this.stats = stats;
    }

    InetSocketAddress address() {
        return address;
    }

    /** The connection's event loop, or null while down. */
    io.netty.channel.EventLoop loop() {
        Channel ch = ready;
        return ch == null ? null : ch.eventLoop();
    }

    boolean isConnected() {
        return ready != null;
    }

    void send(Message m) {
        Channel ch = ready;
        if (ch == null || !ch.isWritable()) {
            stats.dropped.increment();
            return;
        }
        stats.sent.increment();
        outbox.add(m);
        // One task, hence one flush (one syscall), for every message queued before it runs.
        if (flushScheduled.compareAndSet(false, true)) {
            ch.eventLoop().execute(() -> writeQueued(ch));
        }
    }

    private void writeQueued(Channel ch) {
        flushScheduled.set(false);
        if (writeOutbox(ch)) {
            ch.flush();
        }
    }

    /**
     * On this link's event loop only: writes and flushes now what send() left for the loop's
     * next task, because the caller is about to block this loop (in an fsync) and that task
     * would wait for it. The flush starts below the consolidating handler, which would
     * otherwise defer it to a task on this same loop.
     */
    void flushIfOnLoop() {
        Channel ch = ready;
        if (ch == null || outbox.isEmpty() || !ch.eventLoop().inEventLoop()) {
            return;
        }
        writeOutbox(ch);
        ChannelHandlerContext consolidating = ch.pipeline().context(CONSOLIDATING_FLUSH);
        if (consolidating != null) {
            consolidating.flush();
        } else {
            ch.flush();
        }
    }

    /** On the event loop: writes every queued message; whether there were any. */
    private boolean writeOutbox(Channel ch) {
        boolean any = false;
        for (Message m = outbox.poll(); m != null; m = outbox.poll()) {
            ch.write(m, ch.voidPromise());
            any = true;
        }
        return any;
    }

    void connect() {
        if (closed) {
            return;
        }
        ChannelFuture f = bootstrap.connect(address);
        Channel ch = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                failed("cannot connect", done.cause());
                redial(ch);
            }
        });
    }

    private void redial(Channel from) {
        if (closed) {
            return;
        }
        long delay = backoffMillis(failures, config.minBackoffMillis(), config.maxBackoffMillis());
        failures++;
        from.eventLoop().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    /** Logs why the link is down: once per run of failures, the rest at DEBUG. */
    private void failed(String what, Throwable cause) {
        System.Logger.Level level = failures == 0 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
        if (!closed && LOG.isLoggable(level)) {
            LOG.log(level, "link to peer " + peerId + " at " + address + ": " + what + " (failures in a row: "
                    + (failures + 1) + "): " + cause, cause);
        }
    }

    /** Delay before the next dial after `failures` failed ones in a row: min, 2 min, 4 min, ... capped at max. */
    static long backoffMillis(int failures, long min, long max) {
        return Math.min(max, min << Math.min(failures, 30));
    }

    void close() {
        closed = true;
        Channel ch = ready;
        ready = null;
        if (ch != null) {
            ch.close();
        }
    }

    /** Tracks one connection attempt from handshake to close. */
    private final class LinkEvents extends ChannelInboundHandlerAdapter {
        private final Channel channel;

        LinkEvents(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Handshake.Established) {
                failures = 0;
                stats.connects.increment();
                if (closed) {
                    channel.close();
                } else {
                    ready = channel;
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg); // the peer has nothing to say on our link after the ack
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ready == channel) {
                ready = null;
            }
            redial(channel);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed("connection failed", cause);
            ctx.close();
        }
    }
}
