package raft.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Handlers for the hello exchange, to sit right after {@link Frames#install}. The server
 * side admits or refuses the caller and counts refusals; nothing the caller sends
 * reaches later handlers unless it was admitted. Both remove themselves once done and
 * announce the outcome as a user event.
 */
public final class Handshake {
    private Handshake() {}

    /** Decides whether a caller may talk to us. */
    @FunctionalInterface
    public interface Admission {
        Hello.Status admit(Hello hello);
    }

    /** Admits any node of clusterId whose id is in knownNodes (and is not selfId). */
    public static Admission clusterMembers(String clusterId, int selfId, java.util.Set<Integer> knownNodes) {
        return h -> !h.clusterId().equals(clusterId) ? Hello.Status.WRONG_CLUSTER
                : (h.nodeId() == selfId || !knownNodes.contains(h.nodeId())) ? Hello.Status.UNKNOWN_NODE
                : Hello.Status.ACCEPTED;
    }

    /** Server side: fired once the caller is admitted. */
    public record Accepted(Hello peer) {}

    /** Client side: fired once the server admitted us. */
    public record Established() {}

    public static ChannelHandler server(Admission admission, TransportStats stats, long timeoutMillis) {
        return new Server(admission, stats, timeoutMillis);
    }

    public static ChannelHandler client(Hello hello, TransportStats stats) {
        return new Client(hello, stats);
    }

    private static final class Server extends ChannelInboundHandlerAdapter {
        private final Admission admission;
        private final TransportStats stats;
        private final long timeoutMillis;
        private ScheduledFuture<?> timeout;
        private boolean refused;

        Server(Admission admission, TransportStats stats, long timeoutMillis) {
            this.admission = admission;
            this.stats = stats;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            // A caller that never says hello must not hold a connection forever.
            timeout = ctx.executor().schedule(() -> {
                stats.rejectedBadHello.increment();
                ctx.close();
            }, timeoutMillis, TimeUnit.MILLISECONDS);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (refused) {
                    return; // frames that raced the close: never delivered
                }
                Hello hello = Hello.decode((ByteBuf) msg);
                Hello.Status status = hello == null ? Hello.Status.BAD_HELLO : admission.admit(hello);
                if (timeout != null) {
                    timeout.cancel(false);
                }
                if (status == Hello.Status.ACCEPTED) {
                    ctx.writeAndFlush(Hello.encodeAck(ctx.alloc(), status));
                    ctx.pipeline().remove(this);
                    ctx.fireUserEventTriggered(new Accepted(hello));
                } else {
                    refused = true;
                    stats.rejected(status);
                    ctx.writeAndFlush(Hello.encodeAck(ctx.alloc(), status)).addListener(ChannelFutureListener.CLOSE);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (timeout != null) {
                timeout.cancel(false);
            }
            ctx.fireChannelInactive();
        }
    }

    private static final class Client extends ChannelInboundHandlerAdapter {
        private final Hello hello;
        private final TransportStats stats;

        Client(Hello hello, TransportStats stats) {
            this.hello = hello;
            this.stats = stats;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(hello.encode(ctx.alloc()));
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Hello.Status status;
            try {
                status = Hello.decodeAck((ByteBuf) msg);
            } finally {
                ReferenceCountUtil.release(msg);
            }
            if (status == Hello.Status.ACCEPTED) {
                ctx.pipeline().remove(this);
                ctx.fireUserEventTriggered(new Established());
            } else {
                stats.refusedByPeer.increment();
                ctx.close();
            }
        }
    }
}
