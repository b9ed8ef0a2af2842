package raft.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
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
 * anything else is counted and dropped, so a peer cannot speak for another. The first bad
 * message of a connection is logged with its cause (later ones only counted: a broken or
 * hostile peer must not flood the log), and so is the error that closes a connection.
 */
final class InboundMessages extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(InboundMessages.class.getName());
    private final int selfId;
    private final WireCodec codec;
    private final Consumer<Message> sink;
    private final TransportStats stats;
    private int peerId = -1;
    private boolean badMessageLogged;

    InboundMessages(int selfId, WireCodec codec, Consumer<Message> sink, TransportStats stats) {
        this.selfId = selfId;
        this.codec = codec;
        this.sink = sink;
        this.stats = stats;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Handshake.Accepted a) {
            peerId = a.peer().nodeId();
        } else if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess()) {
            stats.rejectedTls.increment();
            LOG.log(System.Logger.Level.WARNING, "TLS handshake from " + ctx.channel().remoteAddress() + " failed: "
                    + e.cause(), e.cause());
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
            m = codec.decode(ByteBufUtil.getBytes((ByteBuf) msg));
        } catch (RuntimeException e) {
            stats.decodeErrors.increment();
            if (!badMessageLogged) {
                badMessageLogged = true;
                LOG.log(System.Logger.Level.WARNING, "from peer " + peerId + " at " + ctx.channel().remoteAddress()
                        + ": undecodable message dropped (further ones on this connection are only counted): " + e, e);
            }
            return;
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (m.from() != peerId || m.to() != selfId) {
            stats.misaddressed.increment();
            if (!badMessageLogged) {
                badMessageLogged = true;
                LOG.log(System.Logger.Level.WARNING, "from peer " + peerId + " at " + ctx.channel().remoteAddress()
                        + ": message from " + m.from() + " to " + m.to() + " dropped (the connection is " + peerId
                        + " to " + selfId + "; further ones on this connection are only counted)");
            }
            return;
        }
        stats.delivered.increment();
        sink.accept(m);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // TLS failures are counted from their completion event; the rest are protocol errors.
        if (cause instanceof TooLongFrameException || !(cause.getCause() instanceof javax.net.ssl.SSLException)) {
            stats.connectionsClosedOnError.increment();
            LOG.log(System.Logger.Level.WARNING, "connection from " + (peerId < 0 ? "an unidentified peer" : "peer " + peerId)
                    + " at " + ctx.channel().remoteAddress() + " closed: " + cause, cause);
        } else {
            LOG.log(System.Logger.Level.DEBUG, "TLS failure on a connection from " + ctx.channel().remoteAddress()
                    + ": " + cause, cause);
        }
        ctx.close();
    }
}
