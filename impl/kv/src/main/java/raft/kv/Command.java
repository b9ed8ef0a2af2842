package raft.kv;

import java.nio.ByteBuffer;

/**
 * One client operation as it travels to the leader and sits in the Raft log.
 * (clientId, seq) identifies it across retries, so it executes at most once however
 * often the client resends it. expected is used by CAS only; value by PUT, APPEND, CAS.
 */
public record Command(Op op, long clientId, long seq, String key, String value, String expected) {

    public static Command get(long clientId, long seq, String key) {
        return new Command(Op.GET, clientId, seq, key, null, null);
    }

    public static Command put(long clientId, long seq, String key, String value) {
        return new Command(Op.PUT, clientId, seq, key, value, null);
    }

    public static Command append(long clientId, long seq, String key, String value) {
        return new Command(Op.APPEND, clientId, seq, key, value, null);
    }

    public static Command cas(long clientId, long seq, String key, String expected, String value) {
        return new Command(Op.CAS, clientId, seq, key, value, expected);
    }

    public byte[] encode() {
        Encoded e = encoded();
        ByteBuffer buf = ByteBuffer.allocate(e.size());
        e.writeTo(buf);
        return buf.array();
    }

    /** The strings' UTF-8 bytes, taken once, so a batch knows its size before it allocates. */
    Encoded encoded() {
        return new Encoded(this, Bytes.utf8(key), Bytes.utf8(value), Bytes.utf8(expected));
    }

    /** A command ready to be written straight into a larger buffer (a batch) without a copy of its own. */
    record Encoded(Command c, byte[] key, byte[] value, byte[] expected) {
        int size() {
            return 1 + 8 + 8 + Bytes.size(key) + Bytes.size(value) + Bytes.size(expected);
        }

        void writeTo(ByteBuffer buf) {
            buf.put(c.op.code).putLong(c.clientId).putLong(c.seq);
            Bytes.put(buf, key);
            Bytes.put(buf, value);
            Bytes.put(buf, expected);
        }
    }

    public static Command decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    /** The command in buf from its position to its limit (a heap buffer: strings are read from its array). */
    static Command decode(ByteBuffer buf) {
        Op op = Op.of(buf.get());
        long clientId = buf.getLong();
        long seq = buf.getLong();
        return new Command(op, clientId, seq, Bytes.string(buf), Bytes.string(buf), Bytes.string(buf));
    }
}
