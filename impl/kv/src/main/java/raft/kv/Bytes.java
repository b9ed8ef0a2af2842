package raft.kv;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Length-prefixed nullable strings: the one encoding the log, snapshots and the wire share. */
final class Bytes {
    private Bytes() {}

    static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static int size(byte[] b) {
        return 4 + (b == null ? 0 : b.length);
    }

    static void put(ByteBuffer buf, byte[] b) {
        if (b == null) {
            buf.putInt(-1);
        } else {
            buf.putInt(b.length).put(b);
        }
    }

    static String string(ByteBuffer buf) {
        int n = buf.getInt();
        if (n < 0) {
            return null;
        }
        if (n > buf.remaining()) {
            throw new IllegalArgumentException("string length " + n + " exceeds the " + buf.remaining() + " bytes left");
        }
        String s = new String(buf.array(), buf.arrayOffset() + buf.position(), n, StandardCharsets.UTF_8);
        buf.position(buf.position() + n);
        return s;
    }
}
