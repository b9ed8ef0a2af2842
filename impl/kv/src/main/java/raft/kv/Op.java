package raft.kv;

/** The operations the key-value service executes. Codes are part of the wire and log format. */
public enum Op {
    GET(1), PUT(2), APPEND(3), CAS(4);

    final byte code;

    Op(int code) {
        this.code = (byte) code;
    }

    static Op of(byte code) {
        for (Op op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown op code " + code);
    }
}
