package raft.cli;

import java.nio.ByteBuffer;
import raft.codec.ByteReader;
import raft.codec.ByteWriter;
import raft.codec.MessageCodec;
import raft.core.Message;
import raft.transport.WireCodec;

/**
 * The peer wire of a traced server: each frame body is a marker byte, the sender's latest
 * event id (TraceFile.lastSeq, a varint) and then the message as MessageCodec writes it. The
 * marker is no message type, so a frame without it (from an untraced peer) still decodes; its
 * receive is then traced with an unknown sender, which the merger refuses. Servers without
 * --trace use WireCodec.RAFT and pay nothing.
 */
final class TracedWire implements WireCodec {
    /** Message types start at 1 (MessageCodec); this is none of them. */
    static final int MARK = 0x7F;

    private final TraceFile trace;

    TracedWire(TraceFile trace) {
        this.trace = trace;
    }

    @Override
    public byte[] encode(Message message) {
        ByteWriter w = new ByteWriter(MessageCodec.encodedSize(message) + 11);
        w.writeByte(MARK).writeVarLong(trace.lastSeq());
        MessageCodec.encode(message, w);
        return w.toByteArray();
    }

    @Override
    public Message decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    @Override
    public Message decode(ByteBuffer frame) {
        if (!frame.hasRemaining() || (frame.get(frame.position()) & 0xFF) != MARK) {
            return MessageCodec.decode(frame);
        }
        ByteReader r = new ByteReader(frame, "traced frame");
        r.readByte("mark");
        long seq = r.readVarLong("sender's event id");
        Message m = MessageCodec.decode(frame.duplicate().position(r.position()));
        trace.received(m, seq);
        return m;
    }
}
