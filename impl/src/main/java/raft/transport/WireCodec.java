package raft.transport;

import raft.core.Message;

import java.util.function.Function;

/**
 * How messages become frame bodies. The transport is written against this so that it
 * does not care which codec the core ships; production passes the core's
 * raft.codec.MessageCodec through {@link #of}.
 */
public interface WireCodec {
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
