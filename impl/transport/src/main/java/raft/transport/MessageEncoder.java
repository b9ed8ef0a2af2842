package raft.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import raft.core.Message;

/**
 * Message to frame body, on the I/O thread so the sender (the Raft node) never pays
 * for encoding. A message over the frame limit is dropped and counted: sending it
 * would only make the peer close the connection. (Not a MessageToMessageEncoder:
 * that one treats "nothing to write" as an error and would tear the link down.)
 */
final class MessageEncoder extends ChannelOutboundHandlerAdapter {
    private final WireCodec codec;
    private final int maxBody;
    private final TransportStats stats;

    MessageEncoder(WireCodec codec, int maxFrameBytes, TransportStats stats) {
        this.codec = codec;
        this.maxBody = maxFrameBytes - 4;
        this.stats = stats;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof Message m)) {
            ctx.write(msg, promise);
            return;
        }
        byte[] body = codec.encode(m);
        if (body.length > maxBody) {
            stats.oversizeDropped.increment();
            promise.trySuccess();
            return;
        }
        ctx.write(Unpooled.wrappedBuffer(body), promise);
    }
}
