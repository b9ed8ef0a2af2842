package raft.kv;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPipeline;
import raft.transport.Frames;

import java.nio.ByteBuffer;

/**
 * The client protocol: length-prefixed frames (Netty's framing), each a request
 * (id, kind, payload) or a response (id, status, payload). Ids let a client keep
 * many requests in flight on one connection and match replies in any order.
 */
public final class Wire {
    private Wire() {}

    public static final int MAX_FRAME = 1 << 20;

    /**
     * Request kinds. TRANSFER's payload is the target node id (4 bytes); see {@link #transferTarget}.
     * MEMBERS (empty payload) answers this server's latest configuration; CHANGE carries one
     * membership change and answers the configuration once it commits, NOT_LEADER with a leader
     * hint, ERROR with why it was refused, or UNCERTAIN if it was proposed but its fate is unknown
     * ({@link MembershipWire} has the payloads).
     */
    public static final byte COMMAND = 1, LOCAL_READ = 2, STATUS = 3, TRANSFER = 4, MEMBERS = 5, CHANGE = 6;

    /** Response statuses. */
    public enum Status {
        /** Executed; a Result follows (for STATUS: term, leader flag, applied index). */
        OK,
        /** Not leader when the request arrived: nothing was appended, so it never takes effect. */
        NOT_LEADER,
        /** Appended but leadership changed before it was known committed: it may or may not take effect. */
        UNCERTAIN,
        /** A malformed request; the payload is a message. */
        ERROR
    }

    public static void frame(ChannelPipeline p) {
        Frames.install(p, MAX_FRAME);
    }

    public static ByteBuf request(long id, byte kind, byte[] payload) {
        ByteBuf b = Unpooled.buffer(9 + payload.length);
        return b.writeLong(id).writeByte(kind).writeBytes(payload);
    }

    public static ByteBuf response(long id, Status status, byte[] payload) {
        ByteBuf b = Unpooled.buffer(9 + payload.length);
        return b.writeLong(id).writeByte(status.ordinal()).writeBytes(payload);
    }

    public static byte[] transferRequest(int target) {
        return ByteBuffer.allocate(4).putInt(target).array();
    }

    static int transferTarget(byte[] payload) {
        if (payload.length != 4) {
            throw new IllegalArgumentException("transfer: expected a 4-byte node id, got " + payload.length + " bytes");
        }
        return ByteBuffer.wrap(payload).getInt();
    }

    public static byte[] payload(ByteBuf frame) {
        byte[] p = new byte[frame.readableBytes()];
        frame.readBytes(p);
        return p;
    }

    /** A server's view of itself, for `client status` and the harness's readiness check. */
    public record NodeStatus(long term, boolean leader, long appliedIndex) {
        byte[] encode() {
            return ByteBuffer.allocate(17).putLong(term).put((byte) (leader ? 1 : 0)).putLong(appliedIndex).array();
        }

        static NodeStatus decode(byte[] b) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            return new NodeStatus(buf.getLong(), buf.get() == 1, buf.getLong());
        }
    }
}
