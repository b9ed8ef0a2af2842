package raft.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** One segment file: consecutive entries from firstIndex on, and where each one starts. */
final class Segment {
    final Path path;
    final long firstIndex;
    private long[] offsets = new long[64];
    private int count;
    private long size;
    private FileChannel channel;

    Segment(Path path, long firstIndex) {
        this.path = path;
        this.firstIndex = firstIndex;
    }

    static String fileName(long firstIndex) {
        return String.format("%020d.log", firstIndex);
    }

    /** First index encoded in a segment file name, or -1 if the name is not a segment's. */
    static long parseFirstIndex(String name) {
        if (!name.matches("\\d{20}\\.log")) {
            return -1;
        }
        return Long.parseLong(name.substring(0, 20));
    }

    void recordAppended(long offset, int bytes) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
        }
        offsets[count++] = offset;
        size = offset + bytes;
    }

    int count() {
        return count;
    }

    long size() {
        return size;
    }

    /** Index of the last entry, or firstIndex - 1 when empty. */
    long lastIndex() {
        return firstIndex + count - 1;
    }

    long offsetOf(long index) {
        return offsets[(int) (index - firstIndex)];
    }

    FileChannel channel() {
        if (channel == null) {
            try {
                channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open " + path, e);
            }
        }
        return channel;
    }

    /** Drops every entry from index on, on disk and in memory (not yet fsynced). */
    void truncateFrom(long index) {
        long offset = index <= firstIndex ? 0 : index > lastIndex() ? size : offsetOf(index);
        try {
            channel().truncate(offset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate " + path, e);
        }
        count = (int) Math.max(0, index - firstIndex);
        size = offset;
    }

    void force() {
        try {
            channel().force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fsync " + path, e);
        }
    }

    void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + path, e);
            }
            channel = null;
        }
    }

    void delete() {
        close();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
