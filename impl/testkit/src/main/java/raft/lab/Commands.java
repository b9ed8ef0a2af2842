package raft.lab;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The tester's command values (Long for the Go ints, String for TestRPCBytes2B) as bytes,
 * and the tester's snapshot format: (lastIncludedIndex, the values applied at 0..index).
 * Compact on purpose: a long takes a tag byte plus a varint, close to gob's size.
 */
public final class Commands {
    private static final byte NULL = 0, LONG = 1, STRING = 2;

    private Commands() {
    }

    public static byte[] encode(Object v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, v);
        return out.toByteArray();
    }

    public static Object decode(byte[] b) {
        ByteBuffer in = ByteBuffer.wrap(b);
        Object v = read(in);
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes in command");
        }
        return v;
    }

    /** The decoded tester snapshot. */
    public record Snapshot(long lastIncludedIndex, Map<Long, Object> history) {}

    public static byte[] encodeSnapshot(long index, Map<Long, Object> log) {
        return encodeSnapshot(index, 0, log);
    }

    /** A snapshot holding only the values at from..index (from = index: the V2021 single-value form). */
    public static byte[] encodeSnapshot(long index, long from, Map<Long, Object> log) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, index);
        writeVarint(out, from);
        for (long j = from; j <= index; j++) {
            write(out, log.get(j));
        }
        return out.toByteArray();
    }

    public static Snapshot decodeSnapshot(byte[] b) {
        ByteBuffer in = ByteBuffer.wrap(b);
        long index = readVarint(in);
        long from = readVarint(in);
        if (from > index) {
            throw new IllegalArgumentException("snapshot starts after its last index");
        }
        Map<Long, Object> history = new HashMap<>();
        for (long j = from; j <= index; j++) {
            Object v = read(in);
            if (v != null) {
                history.put(j, v);
            }
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes in snapshot");
        }
        return new Snapshot(index, history);
    }

    private static void write(ByteArrayOutputStream out, Object v) {
        if (v == null) {
            out.write(NULL);
        } else if (v instanceof Long l) {
            out.write(LONG);
            writeVarint(out, l);
        } else if (v instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.write(STRING);
            writeVarint(out, b.length);
            out.write(b, 0, b.length);
        } else {
            throw new IllegalArgumentException("unsupported command type " + v.getClass());
        }
    }

    private static Object read(ByteBuffer in) {
        byte tag = in.get();
        switch (tag) {
            case NULL:
                return null;
            case LONG:
                return readVarint(in);
            case STRING: {
                int len = (int) readVarint(in);
                byte[] b = new byte[len];
                in.get(b);
                return new String(b, StandardCharsets.UTF_8);
            }
            default:
                throw new IllegalArgumentException("bad command tag " + tag);
        }
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }
}
