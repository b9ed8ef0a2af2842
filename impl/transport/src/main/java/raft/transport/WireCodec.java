package raft.transport;

import raft.codec.MessageCodec;
import raft.core.Message;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * How messages become frame bodies. The transport is written against this so that it
 * can be tested with hand-made bytes; production uses {@link #RAFT}, the core's
 * compact codec.
 */
public interface WireCodec {
    /** The core's varint codec (raft.codec.MessageCodec), decoding frames in place. */
    WireCodec RAFT = of(MessageCodec::encode, MessageCodec::decode, MessageCodec::decode);

    byte[] encode(Message message);

    /** Throws (any RuntimeException) on bytes that are not a message; the transport counts and drops them. */
    Message decode(byte[] bytes);

    /** The frame from its position to its limit, valid only during the call; by default copied out first. */
    default Message decode(ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.duplicate().get(bytes);
        return decode(bytes);
    }

    static WireCodec of(Function<Message, byte[]> encoder, Function<byte[], Message> decoder) {
        return of(encoder, decoder, null);
    }

    /** frameDecoder reads a frame in place (null: copy it out and use decoder). */
    static WireCodec of(Function<Message, byte[]> encoder, Function<byte[], Message> decoder,
                        Function<ByteBuffer, Message> frameDecoder) {
        return new WireCodec() {
            @Override
            public byte[] encode(Message message) {
                return encoder.apply(message);
            }

            @Override
            public Message decode(byte[] bytes) {
                return decoder.apply(bytes);
            }

            @Override
            public Message decode(ByteBuffer frame) {
                return frameDecoder != null ? frameDecoder.apply(frame) : WireCodec.super.decode(frame);
            }
        };
    }
}
