package raft.kv;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client library: finds the leader by trying servers in turn, retries through
 * leader changes and lost connections with the same (clientId, seq) so an operation
 * executes at most once, and reports an operation it cannot settle within its
 * deadline as UNKNOWN (it may or may not have taken effect) rather than guessing.
 */
public final class KvClient implements AutoCloseable {

    /** FAIL: certainly did not take effect. UNKNOWN: may have, may not. */
    public enum Outcome { OK, FAIL, UNKNOWN }

    public record Response(Outcome outcome, Result result, String error) {
        public boolean ok() {
            return outcome == Outcome.OK;
        }
    }

    /**
     * @param attemptMillis how long one attempt waits for a server's answer
     * @param opMillis      how long an operation may take in all before it is reported
     * @param staleReads    send GETs as local reads to a random server (not linearizable)
     * @param spreadReads   send GETs to a random server (for servers with --follower-reads)
     */
    public record Options(long attemptMillis, long opMillis, boolean staleReads, boolean spreadReads) {
        public Options(long attemptMillis, long opMillis, boolean staleReads) {
            this(attemptMillis, opMillis, staleReads, false);
        }

        public static Options defaults() {
            return new Options(1000, 5000, false);
        }
    }

    private final List<InetSocketAddress> servers;
    private final Options options;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Conn[] conns;
    private final AtomicInteger leader = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean closed;

    public KvClient(List<InetSocketAddress> servers, Options options) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no servers given");
        }
        this.servers = List.copyOf(servers);
        this.options = options;
        this.group = new NioEventLoopGroup(1);
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(options.attemptMillis(), 1000));
        this.conns = new Conn[servers.size()];
        for (int i = 0; i < conns.length; i++) {
            conns[i] = new Conn(i);
        }
    }

    public Session session() {
        return new Session(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    /** One server's view of itself; fails if it doesn't answer within the attempt timeout. */
    public CompletableFuture<Wire.NodeStatus> status(int server) {
        return conns[server].call(Wire.STATUS, new byte[0], options.attemptMillis())
                .thenApply(reply -> {
                    if (reply.status != Wire.Status.OK) {
                        throw new IllegalStateException("status: " + reply.status);
                    }
                    return Wire.NodeStatus.decode(reply.payload);
                });
    }

    /**
     * Asks server to hand leadership to target. OK: target leads now; FAIL: server is not the
     * leader ("not leader") or the transfer failed (the server's reason); UNKNOWN: no answer.
     */
    public CompletableFuture<Response> transferLeadership(int server, int target) {
        return conns[server].call(Wire.TRANSFER, Wire.transferRequest(target), options.opMillis())
                .handle((reply, e) -> {
                    if (e != null) {
                        return new Response(Outcome.UNKNOWN, null, String.valueOf(e.getMessage()));
                    }
                    return switch (reply.status) {
                        case OK -> new Response(Outcome.OK, null, null);
                        case NOT_LEADER -> new Response(Outcome.FAIL, null, "not leader");
                        default -> new Response(Outcome.FAIL, null, ClientListener.errorText(reply.payload));
                    };
                });
    }

    /** A membership request's answer: the configuration if OK; the leader hint if refused as not leader. */
    public record MembershipReply(Outcome outcome, raft.core.Membership membership, MembershipWire.Hint hint,
                                  String error, boolean reached) {
        MembershipReply(Outcome outcome, raft.core.Membership membership, MembershipWire.Hint hint, String error) {
            this(outcome, membership, hint, error, true);
        }
    }

    /** server's latest configuration (committed or not). */
    public CompletableFuture<MembershipReply> members(int server) {
        return membershipCall(server, Wire.MEMBERS, new byte[0]);
    }

    /**
     * Asks server to make one membership change and waits (up to the operation timeout) for it to
     * commit. OK: committed; FAIL: not applied (not leader, with a hint, or refused with a reason);
     * UNKNOWN: proposed, or sent, but its fate is unknown.
     */
    public CompletableFuture<MembershipReply> changeMembership(int server, raft.core.MembershipChange change) {
        return membershipCall(server, Wire.CHANGE, MembershipWire.encode(change));
    }

    private CompletableFuture<MembershipReply> membershipCall(int server, byte kind, byte[] payload) {
        return conns[server].call(kind, payload, kind == Wire.MEMBERS ? options.attemptMillis() : options.opMillis())
                .handle((reply, e) -> {
                    if (e != null) {
                        boolean notSent = unwrap(e) instanceof NotSent;
                        return new MembershipReply(notSent ? Outcome.FAIL : Outcome.UNKNOWN, null, null,
                                String.valueOf(unwrap(e).getMessage()), !notSent);
                    }
                    return switch (reply.status) {
                        case OK -> new MembershipReply(Outcome.OK, MembershipWire.decodeMembership(reply.payload),
                                null, null);
                        case NOT_LEADER -> new MembershipReply(Outcome.FAIL, null,
                                MembershipWire.decodeHint(reply.payload), "not leader");
                        case UNCERTAIN -> new MembershipReply(Outcome.UNKNOWN, null, null,
                                ClientListener.errorText(reply.payload));
                        case ERROR -> new MembershipReply(Outcome.FAIL, null, null,
                                ClientListener.errorText(reply.payload));
                    };
                });
    }

    @Override
    public void close() {
        closed = true;
        for (Conn c : conns) {
            c.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A client identity whose operations run one at a time, each with the next sequence number. */
    public final class Session {
        private final long clientId;
        private long seq;

        private Session(long clientId) {
            this.clientId = clientId;
        }

        public long clientId() {
            return clientId;
        }

        public CompletableFuture<Response> get(String key) {
            Command c = Command.get(clientId, ++seq, key);
            return run(c, options.staleReads() ? Wire.LOCAL_READ : Wire.COMMAND, options.spreadReads());
        }

        public CompletableFuture<Response> put(String key, String value) {
            return run(Command.put(clientId, ++seq, key, value), Wire.COMMAND);
        }

        public CompletableFuture<Response> append(String key, String value) {
            return run(Command.append(clientId, ++seq, key, value), Wire.COMMAND);
        }

        public CompletableFuture<Response> cas(String key, String expected, String value) {
            return run(Command.cas(clientId, ++seq, key, expected, value), Wire.COMMAND);
        }
    }

    private CompletableFuture<Response> run(Command c, byte kind) {
        return run(c, kind, false);
    }

    /** anyServer: each attempt goes to a random server rather than the presumed leader. */
    private CompletableFuture<Response> run(Command c, byte kind, boolean anyServer) {
        Attempt a = new Attempt(c.encode(), kind, anyServer || kind == Wire.LOCAL_READ,
                System.nanoTime() + options.opMillis() * 1_000_000L);
        a.next();
        return a.done;
    }

    /** The retry loop of one operation. */
    private final class Attempt {
        final byte[] payload;
        final byte kind;
        final boolean anyServer;
        final long deadline;
        final CompletableFuture<Response> done = new CompletableFuture<>();
        boolean maybeExecuted;
        int refusals;

        Attempt(byte[] payload, byte kind, boolean anyServer, long deadline) {
            this.payload = payload;
            this.kind = kind;
            this.anyServer = anyServer;
            this.deadline = deadline;
        }

        void next() {
            if (closed) {
                finish("client closed");
                return;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                finish("timed out");
                return;
            }
            int target = anyServer ? ThreadLocalRandom.current().nextInt(conns.length) : leader.get();
            conns[target].call(kind, payload, Math.min(left, options.attemptMillis()))
                    .whenComplete((reply, err) -> onReply(target, reply, err));
        }

        void onReply(int target, Reply reply, Throwable err) {
            if (err != null) {
                // A request written to a connection that then failed may have reached the server.
                if (!(unwrap(err) instanceof NotSent)) {
                    maybeExecuted = true;
                }
                leader.compareAndSet(target, (target + 1) % conns.length);
                retryAfter(20);
                return;
            }
            switch (reply.status) {
                case OK -> done.complete(new Response(Outcome.OK,
                        Result.decode(java.nio.ByteBuffer.wrap(reply.payload)), null));
                case NOT_LEADER -> {
                    leader.compareAndSet(target, (target + 1) % conns.length);
                    // After a full round of refusals an election is probably under way: wait a little.
                    retryAfter(++refusals % conns.length == 0 ? 30 : 0);
                }
                case UNCERTAIN -> {
                    maybeExecuted = true;
                    retryAfter(10);
                }
                case ERROR -> done.complete(new Response(maybeExecuted ? Outcome.UNKNOWN : Outcome.FAIL, null,
                        ClientListener.errorText(reply.payload)));
            }
        }

        void retryAfter(long millis) {
            if (millis == 0) {
                next();
            } else {
                group.schedule(this::next, millis, TimeUnit.MILLISECONDS);
            }
        }

        void finish(String why) {
            done.complete(new Response(maybeExecuted ? Outcome.UNKNOWN : Outcome.FAIL, null, why));
        }
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The request never left this process: it cannot have taken effect. */
    private static final class NotSent extends Exception {
        NotSent(String msg) {
            super(msg, null, false, false);
        }
    }

    private static final class Lost extends Exception {
        Lost(String msg) {
            super(msg, null, false, false);
        }
    }

    private record Reply(Wire.Status status, byte[] payload) {}

    /** One connection, opened on demand and reopened after it fails; requests multiplexed by id. */
    private final class Conn {
        final int index;
        final Map<Long, CompletableFuture<Reply>> inflight = new ConcurrentHashMap<>();
        ChannelFuture channel;

        Conn(int index) {
            this.index = index;
        }

        CompletableFuture<Reply> call(byte kind, byte[] payload, long timeoutMillis) {
            CompletableFuture<Reply> f = new CompletableFuture<>();
            long id = ids.incrementAndGet();
            ChannelFuture cf = channel();
            cf.addListener(x -> {
                if (!cf.isSuccess()) {
                    f.completeExceptionally(new NotSent("connect to " + servers.get(index) + " failed"));
                    return;
                }
                Channel ch = cf.channel();
                inflight.put(id, f);
                ch.writeAndFlush(Wire.request(id, kind, payload)).addListener(w -> {
                    if (!w.isSuccess()) {
                        inflight.remove(id);
                        f.completeExceptionally(new Lost("write failed"));
                    }
                });
                var timer = ch.eventLoop().schedule(() -> {
                    if (inflight.remove(id) != null) {
                        f.completeExceptionally(new Lost("no answer within " + timeoutMillis + " ms"));
                    }
                }, timeoutMillis, TimeUnit.MILLISECONDS);
                f.whenComplete((r, e) -> timer.cancel(false));
            });
            return f;
        }

        synchronized ChannelFuture channel() {
            if (channel != null && (!channel.isDone() || (channel.isSuccess() && channel.channel().isActive()))) {
                return channel;
            }
            ChannelFuture cf = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    Wire.frame(ch.pipeline());
                    // Requests sent while a read of responses is in progress (the next operation of
                    // each session answered) go out in one write system call, not one each.
                    ch.pipeline().addLast("flush", new FlushConsolidationHandler(64, true));
                    ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                            long id = frame.readLong();
                            Wire.Status st = Wire.Status.values()[frame.readByte()];
                            CompletableFuture<Reply> f = inflight.remove(id);
                            if (f != null) {
                                f.complete(new Reply(st, Wire.payload(frame)));
                            }
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            failAll();
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            ctx.close();
                        }
                    });
                }
            }).connect(servers.get(index));
            channel = cf;
            return cf;
        }

        void failAll() {
            for (Long id : inflight.keySet()) {
                CompletableFuture<Reply> f = inflight.remove(id);
                if (f != null) {
                    f.completeExceptionally(new Lost("connection to " + servers.get(index) + " lost"));
                }
            }
        }

        synchronized void close() {
            if (channel != null) {
                channel.channel().close();
            }
        }
    }
}
