package raft.codec;

import java.util.Arrays;

/** Growable buffer with unsigned LEB128 varints and length-prefixed byte strings. */
public final class ByteWriter {
    private byte[] buf;
    private int size;

    public ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public ByteWriter writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    /** Non-negative values only: every number in this project's formats is. */
    public ByteWriter writeVarLong(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative value " + v + " cannot be written as an unsigned varint");
        }
        ensure(varLongSize(v));
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter writeBytes(byte[] b) {
        writeVarLong(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    public int size() {
        return size;
    }

    /**
     * The bytes written. A writer sized exactly (MessageCodec computes the size first) hands over
     * its buffer without a copy: it is full, so any later write moves to a new one first.
     */
    public byte[] toByteArray() {
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }

    /** Bytes a varint of v occupies. */
    public static int varLongSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
