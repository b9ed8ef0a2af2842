package raft.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import raft.core.Message;

import java.util.function.Consumer;

/**
 * The end of an accepted inbound connection: decodes frames and hands messages to the
 * node. A message must come from the node that said hello and be addressed to us;
 * anything else is counted and dropped, so a peer cannot speak for another.
 */
final class InboundMessages extends ChannelInboundHandlerAdapter {
    private final int selfId;
    private final WireCodec codec;
    private final Consumer<Message> sink;
    private final TransportStats stats;
    private final Refusals refusals;
    /** Whether a peer is still a member: a removed one's open connection is closed, not served. */
    private final java.util.function.IntPredicate member;
    private int peerId = -1;
    private static final System.Logger LOG = System.getLogger("raft.transport");

    InboundMessages(int selfId, WireCodec codec, Consumer<Message> sink, TransportStats stats, Refusals refusals) {
        this(selfId, codec, sink, stats, refusals, id -> true);
    }

    InboundMessages(int selfId, WireCodec codec, Consumer<Message> sink, TransportStats stats, Refusals refusals,
                    java.util.function.IntPredicate member) {
        this.member = member;
        this.selfId = selfId;
        this.codec = codec;
        this.sink = sink;
        this.stats = stats;
        this.refusals = refusals;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Handshake.Accepted a) {
            peerId = a.peer().nodeId();
        } else if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess()) {
            stats.rejectedTls.increment();
            refusals.refused(ctx.channel(), "TLS handshake failed", e.cause());
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Message m;
        try {
            if (peerId < 0) {
                return; // cannot happen after the handshake handler; dropping is the safe reading
            }
            if (!member.test(peerId)) {
                stats.rejectedUnknownNode.increment();
                refusals.refused(ctx.channel(), "node " + peerId + " was removed from the configuration",
                        "connection closed");
                ctx.close();
                return;
            }
            m = codec.decode(((ByteBuf) msg).nioBuffer()); // in place: only the commands are copied
        } catch (RuntimeException e) {
            stats.decodeErrors.increment();
            refusals.refused(ctx.channel(), "undecodable message from node " + peerId + " dropped", e);
            return;
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (m.from() != peerId || m.to() != selfId) {
            stats.misaddressed.increment();
            return;
        }
        stats.delivered.increment();
        try {
            sink.accept(m);
        } catch (RuntimeException e) {
            // The node's failure (its disk full, say) is no reason to drop the peer's connection.
            LOG.log(System.Logger.Level.WARNING, "node " + selfId + " failed to take a message from node "
                    + peerId + ": " + e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // TLS failures are counted from their completion event; the rest are protocol errors.
        if (cause instanceof TooLongFrameException || !(cause.getCause() instanceof javax.net.ssl.SSLException)) {
            stats.connectionsClosedOnError.increment();
            refusals.refused(ctx.channel(), (cause instanceof TooLongFrameException ? "oversize frame"
                    : "error") + " on a connection from " + (peerId < 0 ? "an unidentified peer" : "peer " + peerId)
                    + ": closed", cause);
        }
        ctx.close();
    }
}
