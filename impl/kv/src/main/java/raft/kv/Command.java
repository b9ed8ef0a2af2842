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
        byte[] k = Bytes.utf8(key), v = Bytes.utf8(value), e = Bytes.utf8(expected);
        ByteBuffer buf = ByteBuffer.allocate(1 + 8 + 8 + Bytes.size(k) + Bytes.size(v) + Bytes.size(e));
        buf.put(op.code).putLong(clientId).putLong(seq);
        Bytes.put(buf, k);
        Bytes.put(buf, v);
        Bytes.put(buf, e);
        return buf.array();
    }

    public static Command decode(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        Op op = Op.of(buf.get());
        long clientId = buf.getLong();
        long seq = buf.getLong();
        return new Command(op, clientId, seq, Bytes.string(buf), Bytes.string(buf), Bytes.string(buf));
    }
}
