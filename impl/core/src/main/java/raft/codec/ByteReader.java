package raft.codec;

import java.nio.ByteBuffer;

/**
 * Strict reader for {@link ByteWriter}'s format: any overrun, overlong varint or bad length is a
 * CodecException. Reads an array or a ByteBuffer in place (a transport's frame, direct or not),
 * so decoding copies only the byte fields it returns. Offsets in errors are the buffer's indices.
 */
public final class ByteReader {
    private final ByteBuffer buf;
    private int pos;
    private final int end;
    private final String what;

    /** what names the thing being decoded, for error messages (e.g. "message", a file name). */
    public ByteReader(byte[] buf, int offset, int length, String what) {
        this(ByteBuffer.wrap(buf, offset, length), what);
    }

    public ByteReader(byte[] buf, String what) {
        this(buf, 0, buf.length, what);
    }

    /** The bytes from buf's position to its limit; buf itself is not moved. */
    public ByteReader(ByteBuffer buf, String what) {
        this.buf = buf;
        this.pos = buf.position();
        this.end = buf.limit();
        this.what = what;
    }

    public int readByte(String field) {
        if (pos >= end) {
            throw fail(field, "1 byte");
        }
        return buf.get(pos++) & 0xFF;
    }

    public long readVarLong(String field) {
        int start = pos;
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (pos >= end) {
                throw fail(field, "a varint");
            }
            int b = buf.get(pos++) & 0xFF;
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && shift > 0) {
                    throw new CodecException(what + ": non-canonical varint for " + field + " at offset " + start);
                }
                return v;
            }
        }
        throw new CodecException(what + ": varint for " + field + " at offset " + start + " longer than 9 bytes");
    }

    /** A varint that must fit in [min, max]. */
    public long readVarLong(String field, long min, long max) {
        int start = pos;
        long v = readVarLong(field);
        if (v < min || v > max) {
            throw new CodecException(what + ": " + field + " at offset " + start + " is " + v
                    + ", expected " + min + ".." + max);
        }
        return v;
    }

    public int readVarInt(String field, int min, int max) {
        return (int) readVarLong(field, min, max);
    }

    public boolean readBoolean(String field) {
        int start = pos;
        int b = readByte(field);
        if (b > 1) {
            throw new CodecException(what + ": " + field + " at offset " + start + " is " + b + ", expected 0 or 1");
        }
        return b == 1;
    }

    public byte[] readBytes(String field) {
        int start = pos;
        long len = readVarLong(field + " length");
        if (len > remaining()) {
            throw new CodecException(what + ": " + field + " length " + len + " at offset " + start
                    + " exceeds the " + remaining() + " bytes left");
        }
        byte[] out = new byte[(int) len];
        buf.get(pos, out);
        pos += (int) len;
        return out;
    }

    public int remaining() {
        return end - pos;
    }

    public int position() {
        return pos;
    }

    /** The whole input must be consumed: trailing bytes mean the framing is wrong. */
    public void expectEnd() {
        if (pos != end) {
            throw new CodecException(what + ": " + (end - pos) + " unexpected trailing bytes at offset " + pos);
        }
    }

    private CodecException fail(String field, String expected) {
        return new CodecException(what + ": truncated at offset " + pos + ", expected " + expected + " for " + field);
    }
}
