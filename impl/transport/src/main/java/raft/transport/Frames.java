package raft.transport;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;

/**
 * Reusable framing: every frame on the wire is a 4-byte big-endian length followed by
 * that many bytes, at most maxFrameBytes (a larger incoming length closes the
 * connection with a TooLongFrameException before any of it is buffered).
 *
 * Building a channel with the same framing and handshake as the node transport
 * (e.g. the KV service's client port):
 * <pre>
 *   ch.pipeline()                                  // optional: addLast(tls.newServerHandler(ch.alloc()))
 *   Frames.install(ch.pipeline(), maxFrameBytes);  // ByteBuf frames in and out
 *   ch.pipeline().addLast(Handshake.server(admission, stats, timeoutMillis));  // or Handshake.client(hello, stats)
 *   ch.pipeline().addLast(yourHandler);            // sees ByteBuf frames only after an accepted handshake,
 *                                                  // plus the user event Handshake.Accepted / Handshake.Established
 * </pre>
 */
public final class Frames {
    private Frames() {}

    public static void install(ChannelPipeline pipeline, int maxFrameBytes) {
        pipeline.addLast("frameDecoder", new LengthFieldBasedFrameDecoder(maxFrameBytes, 0, 4, 0, 4));
        pipeline.addLast("framePrepender", new LengthFieldPrepender(4));
    }
}
