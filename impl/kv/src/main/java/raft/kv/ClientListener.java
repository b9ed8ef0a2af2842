package raft.kv;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import raft.transport.Frames;
import raft.transport.Refusals;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Accepts client connections, within {@link ClientLimits}, and hands their requests to the service. */
public final class ClientListener implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel server;
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder refusedIdle = new LongAdder();
    private final LongAdder refusedOversize = new LongAdder();
    private final LongAdder refusedOverLimit = new LongAdder();
    private final LongAdder refusedMalformed = new LongAdder();

    public ClientListener(InetSocketAddress address, KvService service, boolean staleReads) throws InterruptedException {
        this(address, service, staleReads, ClientLimits.defaults());
    }

    public ClientListener(InetSocketAddress address, KvService service, boolean staleReads, ClientLimits limits)
            throws InterruptedException {
        group = new NioEventLoopGroup(1);
        Refusals refusals = new Refusals("client port " + address);
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (open.incrementAndGet() > limits.maxConnections()) {
                            refusedOverLimit.increment();
                            refusals.refused(ch, "too many client connections",
                                    "limit " + limits.maxConnections());
                            ch.close();
                        }
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        ch.pipeline().addLast(new IdleStateHandler(limits.idleMillis(), 0, 0, TimeUnit.MILLISECONDS));
                        Frames.install(ch.pipeline(), limits.maxFrameBytes());
                        ch.pipeline().addLast(new Handler(service, staleReads, ClientListener.this, refusals, limits));
                    }
                });
        try {
            server = b.bind(address).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen for clients on " + address + ": " + e.getMessage(), e);
        }
    }

    /** Connections closed for idling, oversize frames, the connection cap, malformed requests. */
    public long refusedIdle() { return refusedIdle.sum(); }
    public long refusedOversize() { return refusedOversize.sum(); }
    public long refusedOverLimit() { return refusedOverLimit.sum(); }
    public long refusedMalformed() { return refusedMalformed.sum(); }
    public int openConnections() { return open.get(); }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
        private final KvService service;
        private final boolean staleReads;
        private final ClientListener owner;
        private final Refusals refusals;
        private final ClientLimits limits;
        private final java.util.Queue<Object> replies = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final java.util.concurrent.atomic.AtomicBoolean flushScheduled =
                new java.util.concurrent.atomic.AtomicBoolean();

        Handler(KvService service, boolean staleReads, ClientListener owner, Refusals refusals, ClientLimits limits) {
            this.service = service;
            this.staleReads = staleReads;
            this.owner = owner;
            this.refusals = refusals;
            this.limits = limits;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                owner.refusedIdle.increment();
                refusals.refused(ctx.channel(), "idle client connection closed",
                        "nothing received for " + limits.idleMillis() + " ms");
                ctx.close();
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            if (frame.readableBytes() < 9) {
                owner.refusedMalformed.increment();
                refusals.refused(ctx.channel(), "malformed client request", frame.readableBytes() + " byte frame");
                ctx.close();
                return;
            }
            long id = frame.readLong();
            byte kind = frame.readByte();
            byte[] payload = Wire.payload(frame);
            Channel ch = ctx.channel();
            try {
                switch (kind) {
                    case Wire.COMMAND -> {
                        Command c = Command.decode(payload);
                        service.submit(c, (status, result) -> reply(ch,
                                Wire.response(id, status, result == null ? new byte[0] : result.encode())));
                    }
                    case Wire.LOCAL_READ -> {
                        if (!staleReads) {
                            error(ch, id, "local reads are off on this server (start it with --stale-reads)");
                            return;
                        }
                        Command c = Command.decode(payload);
                        Result r = new Result(true, service.readLocal(c.key()));
                        ch.writeAndFlush(Wire.response(id, Wire.Status.OK, r.encode()));
                    }
                    case Wire.STATUS -> {
                        var ts = service.raftState();
                        var st = new Wire.NodeStatus(ts.term(), ts.isLeader(), service.appliedIndex());
                        ch.writeAndFlush(Wire.response(id, Wire.Status.OK, st.encode()));
                    }
                    case Wire.TRANSFER -> transfer(ch, id, Wire.transferTarget(payload));
                    case Wire.MEMBERS -> ch.writeAndFlush(Wire.response(id, Wire.Status.OK,
                            MembershipWire.encode(service.membership())));
                    case Wire.CHANGE -> MembershipRequests.change(service, MembershipWire.decodeChange(payload),
                            (status, body) -> ch.writeAndFlush(Wire.response(id, status, body)));
                    default -> error(ch, id, "unknown request kind " + kind);
                }
            } catch (UnsupportedOperationException e) {
                error(ch, id, "this server does not support it: " + e.getMessage());
            } catch (RuntimeException e) {
                error(ch, id, "bad request: " + e.getMessage());
            }
        }

        /**
         * Replies arrive from the apply thread, often many per applied batch: one event-loop
         * task writes all queued so far and flushes once.
         */
        private void reply(Channel ch, Object response) {
            replies.add(response);
            if (flushScheduled.compareAndSet(false, true)) {
                ch.eventLoop().execute(() -> {
                    flushScheduled.set(false);
                    for (Object r = replies.poll(); r != null; r = replies.poll()) {
                        ch.write(r);
                    }
                    ch.flush();
                });
            }
        }

        /** OK once target leads, NOT_LEADER if this node does not lead, ERROR if the transfer failed. */
        private void transfer(Channel ch, long id, int target) {
            if (!service.raftState().isLeader()) {
                ch.writeAndFlush(Wire.response(id, Wire.Status.NOT_LEADER, new byte[0]));
                return;
            }
            service.transferLeadership(target).whenComplete((ok, e) -> {
                if (Boolean.TRUE.equals(ok)) {
                    ch.writeAndFlush(Wire.response(id, Wire.Status.OK, new byte[0]));
                } else {
                    error(ch, id, "transfer to node " + target + " did not complete (refused, target unreachable"
                            + " or behind for an election timeout, or another node took over); the leader resumed");
                }
            });
        }

        private static void error(Channel ch, long id, String msg) {
            ch.writeAndFlush(Wire.response(id, Wire.Status.ERROR, msg.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                owner.refusedOversize.increment();
                refusals.refused(ctx.channel(), "oversize client frame", cause.getMessage());
            } else {
                owner.refusedMalformed.increment();
                refusals.refused(ctx.channel(), "client connection error", String.valueOf(cause.getMessage()));
            }
            ctx.close();
        }
    }

    static String errorText(byte[] payload) {
        return StandardCharsets.UTF_8.decode(ByteBuffer.wrap(payload)).toString();
    }
}
