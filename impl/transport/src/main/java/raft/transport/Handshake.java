package raft.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

/**
 * Handlers for the hello exchange, to sit right after {@link Frames#install}. The server
 * side admits or refuses the caller, counts and logs refusals; nothing the caller sends
 * reaches later handlers unless it was admitted. Both remove themselves once done and
 * announce the outcome as a user event.
 * <pre>
 *   caller                         server
 *   Hello(cluster, id, incarnation, nonceC)  ->   checks cluster, id, TLS certificate
 *                               <- ack(refusal)        or, with a cluster secret:
 *                               <- Challenge(nonceS, server proof)
 *   Proof(caller proof)          ->   checks it, then duplicate ids
 *                               <- ack(status)
 * </pre>
 */
public final class Handshake {
    private Handshake() {}

    private static final SecureRandom NONCES = new SecureRandom();

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

    /**
     * How a server proves callers. secret null: no challenge; tls true: the caller's certificate
     * must name the id it claims; incarnations null: no duplicate detection.
     */
    public record Policy(String clusterId, int selfId, Admission admission, ClusterSecret secret, boolean tls,
                         Incarnations incarnations, Refusals refusals) {}

    /** Server side: fired once the caller is admitted. */
    public record Accepted(Hello peer) {}

    /** Client side: fired once the server admitted us. */
    public record Established() {}

    static byte[] nonce() {
        byte[] n = new byte[Hello.NONCE_BYTES];
        NONCES.nextBytes(n);
        return n;
    }

    public static ChannelHandler server(Policy policy, TransportStats stats, long timeoutMillis) {
        return new Server(policy, stats, timeoutMillis);
    }

    /** A server for ports without secret, TLS identity or duplicate detection. */
    public static ChannelHandler server(Admission admission, TransportStats stats, long timeoutMillis) {
        return new Server(new Policy("", -1, admission, null, false, null, new Refusals("port")), stats, timeoutMillis);
    }

    /** peerId: the node we dialled, whose certificate or secret proof must say so. */
    public static ChannelHandler client(Hello hello, int peerId, ClusterSecret secret, boolean tls,
                                        TransportStats stats, Refusals refusals) {
        return new Client(hello, peerId, secret, tls, stats, refusals);
    }

    public static ChannelHandler client(Hello hello, TransportStats stats) {
        return new Client(hello, -1, null, false, stats, new Refusals("dial"));
    }

    private static final class Server extends ChannelInboundHandlerAdapter {
        private final Policy policy;
        private final TransportStats stats;
        private final long timeoutMillis;
        private ScheduledFuture<?> timeout;
        private boolean refused;
        private Hello hello;
        private byte[] serverNonce;

        Server(Policy policy, TransportStats stats, long timeoutMillis) {
            this.policy = policy;
            this.stats = stats;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            // A caller that never completes the hello must not hold a connection forever.
            timeout = ctx.executor().schedule(() -> {
                stats.rejectedBadHello.increment();
                policy.refusals().refused(ctx.channel(), "no hello within " + timeoutMillis + " ms", (String) null);
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
                ByteBuf frame = (ByteBuf) msg;
                if (hello == null) {
                    onHello(ctx, frame);
                } else {
                    onProof(ctx, frame);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void onHello(ChannelHandlerContext ctx, ByteBuf frame) {
            Hello h = Hello.decode(frame);
            if (h == null) {
                refuse(ctx, Hello.Status.BAD_HELLO, "not a hello of protocol version " + Hello.VERSION);
                return;
            }
            Hello.Status status = policy.admission().admit(h);
            if (status != Hello.Status.ACCEPTED) {
                refuse(ctx, status, "cluster '" + h.clusterId() + "', node " + h.nodeId());
                return;
            }
            if (policy.tls()) {
                X509Certificate cert = NodeIdentity.peerCertificate(ctx.pipeline());
                if (cert == null || !NodeIdentity.names(cert, h.clusterId(), h.nodeId())) {
                    refuse(ctx, Hello.Status.WRONG_IDENTITY, "claims node " + h.nodeId() + " but its certificate names "
                            + (cert == null ? "nothing" : NodeIdentity.names(cert)));
                    return;
                }
            }
            hello = h;
            if (policy.secret() == null) {
                admit(ctx);
                return;
            }
            serverNonce = nonce();
            byte[] proof = policy.secret().proof("server", policy.clusterId(), policy.selfId(), 0, h.nonce(), serverNonce);
            ctx.writeAndFlush(Hello.encodeChallenge(ctx.alloc(), new Hello.Challenge(serverNonce, proof)));
        }

        private void onProof(ChannelHandlerContext ctx, ByteBuf frame) {
            byte[] mac = Hello.decodeProof(frame);
            byte[] want = policy.secret().proof("client", hello.clusterId(), hello.nodeId(), hello.incarnation(),
                    hello.nonce(), serverNonce);
            if (mac == null || !ClusterSecret.same(mac, want)) {
                refuse(ctx, Hello.Status.BAD_PROOF, "claims node " + hello.nodeId() + " without the cluster secret");
                return;
            }
            admit(ctx);
        }

        private void admit(ChannelHandlerContext ctx) {
            if (policy.incarnations() != null) {
                Incarnations.Verdict v = policy.incarnations().dialled(hello.nodeId(), hello.incarnation(), ctx.channel());
                if (v == Incarnations.Verdict.DUPLICATE) {
                    refuse(ctx, Hello.Status.DUPLICATE_ID, "two live processes claim node " + hello.nodeId()
                            + " (incarnations " + policy.incarnations().describe(hello.nodeId())
                            + "); both refused until one stops");
                    return;
                }
                if (v == Incarnations.Verdict.RESTARTED) {
                    System.getLogger("raft.transport").log(System.Logger.Level.INFO, "node " + hello.nodeId()
                            + " dials from a new process (incarnation " + Long.toHexString(hello.incarnation())
                            + ") at " + ctx.channel().remoteAddress() + ": a restart");
                }
            }
            if (timeout != null) {
                timeout.cancel(false);
            }
            ctx.writeAndFlush(Hello.encodeAck(ctx.alloc(), Hello.Status.ACCEPTED));
            ctx.pipeline().remove(this);
            ctx.fireUserEventTriggered(new Accepted(hello));
        }

        private void refuse(ChannelHandlerContext ctx, Hello.Status status, String detail) {
            if (timeout != null) {
                timeout.cancel(false);
            }
            refused = true;
            stats.rejected(status);
            policy.refusals().refused(ctx.channel(), status.name(), detail);
            ctx.writeAndFlush(Hello.encodeAck(ctx.alloc(), status)).addListener(ChannelFutureListener.CLOSE);
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
        private final int peerId;
        private final ClusterSecret secret;
        private final boolean tls;
        private final TransportStats stats;
        private final Refusals refusals;
        private boolean proved;

        Client(Hello hello, int peerId, ClusterSecret secret, boolean tls, TransportStats stats, Refusals refusals) {
            this.hello = hello;
            this.peerId = peerId;
            this.secret = secret;
            this.tls = tls;
            this.stats = stats;
            this.refusals = refusals;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(hello.encode(ctx.alloc()));
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                if (tls && !serverIsPeer(ctx)) {
                    return;
                }
                if (Hello.isChallenge(frame)) {
                    onChallenge(ctx, Hello.decodeChallenge(frame));
                    return;
                }
                Hello.Status status = Hello.decodeAck(frame);
                if (status == Hello.Status.ACCEPTED && secret != null && !proved) {
                    giveUp(ctx, "accepted us without proving it knows the cluster secret");
                } else if (status == Hello.Status.ACCEPTED) {
                    ctx.pipeline().remove(this);
                    ctx.fireUserEventTriggered(new Established());
                } else {
                    stats.refusedByPeer.increment();
                    refusals.refused(ctx.channel(), "peer refused our hello: " + status, (String) null);
                    ctx.close();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private boolean serverIsPeer(ChannelHandlerContext ctx) {
            X509Certificate cert = NodeIdentity.peerCertificate(ctx.pipeline());
            if (cert != null && NodeIdentity.names(cert, hello.clusterId(), peerId)) {
                return true;
            }
            giveUp(ctx, "its certificate names " + (cert == null ? "nothing" : NodeIdentity.names(cert))
                    + ", not node " + peerId);
            return false;
        }

        private void onChallenge(ChannelHandlerContext ctx, Hello.Challenge c) {
            if (secret == null) {
                giveUp(ctx, "it asks for a cluster secret and we have none");
                return;
            }
            byte[] want = secret.proof("server", hello.clusterId(), peerId, 0, hello.nonce(), c.nonce());
            // Our proof goes out either way (it is bound to both nonces: useless anywhere else), so a
            // server with another secret logs the mismatch on its side too.
            ctx.writeAndFlush(Hello.encodeProof(ctx.alloc(), secret.proof("client", hello.clusterId(), hello.nodeId(),
                    hello.incarnation(), hello.nonce(), c.nonce())));
            if (!ClusterSecret.same(want, c.proof())) {
                giveUp(ctx, "it does not know the cluster secret (or is not node " + peerId + ")");
                return;
            }
            proved = true;
        }

        private void giveUp(ChannelHandlerContext ctx, String why) {
            stats.refusedByPeer.increment();
            refusals.refused(ctx.channel(), "dialled node " + peerId + " but " + why, (String) null);
            ctx.close();
        }
    }
}
