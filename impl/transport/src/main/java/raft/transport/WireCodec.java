package raft.transport;

import raft.codec.MessageCodec;
import raft.core.Message;

import java.util.function.Function;

/**
 * How messages become frame bodies. The transport is written against this so that it
 * can be tested with hand-made bytes; production uses {@link #RAFT}, the core's
 * compact codec.
 */
public interface WireCodec {
    /** The core's varint codec (raft.codec.MessageCodec). */
    WireCodec RAFT = of(MessageCodec::encode, MessageCodec::decode);

    byte[] encode(Message message);

    /** Throws (any RuntimeException) on bytes that are not a message; the transport counts and drops them. */
    Message decode(byte[] bytes);

    static WireCodec of(Function<Message, byte[]> encoder, Function<byte[], Message> decoder) {
        return new WireCodec() {
            @Override
            public byte[] encode(Message message) {
                return encoder.apply(message);
            }

            @Override
            public Message decode(byte[] bytes) {
                return decoder.apply(bytes);
            }
        };
    }
}
