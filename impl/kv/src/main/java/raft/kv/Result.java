package raft.kv;

import java.nio.ByteBuffer;

/**
 * What an applied command produced. ok is false only for a CAS whose expected value
 * did not match (the CAS did not take effect). value is the value read by GET
 * (null when the key is absent), the new value after APPEND, null otherwise.
 */
public record Result(boolean ok, String value) {
    static final Result OK = new Result(true, null);

    byte[] encode() {
        byte[] v = Bytes.utf8(value);
        ByteBuffer buf = ByteBuffer.allocate(1 + Bytes.size(v));
        buf.put((byte) (ok ? 1 : 0));
        Bytes.put(buf, v);
        return buf.array();
    }

    static Result decode(ByteBuffer buf) {
        boolean ok = buf.get() == 1;
        return new Result(ok, Bytes.string(buf));
    }
}
