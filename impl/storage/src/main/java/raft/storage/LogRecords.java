package raft.storage;

import raft.core.Entry;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One log entry on disk: [length:4][crc32c:4][index:8][term:8][command]. length counts
 * the bytes after the crc; the crc covers the length field and those bytes, so a
 * damaged length is caught rather than trusted. A configuration entry sets {@link #CONFIG_FLAG}
 * in the length field (lengths never reach it, so files written before membership read as
 * they always did) and holds raft.core.ConfigBytes as its command.
 */
final class LogRecords {
    static final int HEADER = 8;
    static final int FIXED_PAYLOAD = 16;
    /** Larger than any batch Raft would write in one entry; a bigger length is damage. */
    static final int MAX_PAYLOAD = 256 << 20;
    static final int CONFIG_FLAG = 1 << 30;
    /**
     * Zero bytes written after the last record of each write (a length field no record has),
     * and at the start of a reused file: where a file's earlier contents begin, the log ends.
     */
    static final int END_MARKER = 4;

    private LogRecords() {}

    static int size(Entry e) {
        return HEADER + FIXED_PAYLOAD + e.command().length;
    }

    static void write(ByteBuffer out, Entry e) {
        int start = out.position();
        int len = FIXED_PAYLOAD + e.command().length;
        out.putInt(e.config() ? len | CONFIG_FLAG : len).putInt(0).putLong(e.index()).putLong(e.term()).put(e.command());
        out.putInt(start + 4, crc(out, start, len));
    }

    private static int crc(ByteBuffer buf, int start, int payloadLen) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().position(start).limit(start + 4));
        crc.update(buf.duplicate().position(start + HEADER).limit(start + HEADER + payloadLen));
        return (int) crc.getValue();
    }

    /**
     * The record at pos, or null when the bytes there are not a whole valid record
     * (too short, implausible length, checksum mismatch).
     */
    static Entry read(ByteBuffer data, int pos) {
        int remaining = data.limit() - pos;
        if (remaining < HEADER + FIXED_PAYLOAD) {
            return null;
        }
        boolean config = (data.getInt(pos) & CONFIG_FLAG) != 0;
        int len = length(data, pos);
        if (len < FIXED_PAYLOAD || len > MAX_PAYLOAD || len > remaining - HEADER) {
            return null;
        }
        if (data.getInt(pos + 4) != crc(data, pos, len)) {
            return null;
        }
        long index = data.getLong(pos + HEADER);
        long term = data.getLong(pos + HEADER + 8);
        byte[] command = new byte[len - FIXED_PAYLOAD];
        data.get(pos + HEADER + FIXED_PAYLOAD, command);
        return new Entry(index, term, command, config);
    }

    /** The payload length at pos, without the configuration flag. */
    static int length(ByteBuffer data, int pos) {
        return data.getInt(pos) & ~CONFIG_FLAG;
    }
}
