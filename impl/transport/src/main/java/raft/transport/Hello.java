package raft.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * The first frame on every connection: who is calling, from which cluster. The reply
 * is one status frame; nothing else crosses the connection until it says ACCEPTED.
 */
public record Hello(String clusterId, int nodeId) {
    static final int MAGIC = 0x52465448;      // "RFTH"
    static final int ACK_MAGIC = 0x52465441;  // "RFTA"
    static final short VERSION = 1;

    /** Why a handshake failed; the ordinal is the status byte on the wire (0 = accepted). */
    public enum Status { ACCEPTED, WRONG_CLUSTER, UNKNOWN_NODE, BAD_HELLO }

    public Hello {
        if (clusterId.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("cluster id longer than 255 bytes");
        }
    }

    ByteBuf encode(ByteBufAllocator alloc) {
        byte[] id = clusterId.getBytes(StandardCharsets.UTF_8);
        return alloc.buffer(11 + id.length).writeInt(MAGIC).writeShort(VERSION).writeInt(nodeId)
                .writeByte(id.length).writeBytes(id);
    }

    /** The hello in frame, or null if the frame is not a well-formed hello of our version. */
    static Hello decode(ByteBuf frame) {
        if (frame.readableBytes() < 11 || frame.readInt() != MAGIC || frame.readShort() != VERSION) {
            return null;
        }
        int nodeId = frame.readInt();
        int len = frame.readUnsignedByte();
        if (frame.readableBytes() != len) {
            return null;
        }
        return new Hello(frame.readCharSequence(len, StandardCharsets.UTF_8).toString(), nodeId);
    }

    static ByteBuf encodeAck(ByteBufAllocator alloc, Status status) {
        return alloc.buffer(5).writeInt(ACK_MAGIC).writeByte(status.ordinal());
    }

    /** The status in an ack frame, or BAD_HELLO if the frame is not an ack. */
    static Status decodeAck(ByteBuf frame) {
        if (frame.readableBytes() != 5 || frame.readInt() != ACK_MAGIC) {
            return Status.BAD_HELLO;
        }
        int s = frame.readUnsignedByte();
        return s < Status.values().length ? Status.values()[s] : Status.BAD_HELLO;
    }
}
