package raft.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    private final FileIo io;
    /** A file the snapshot emptied, its earlier records still after size: each write ends with a marker. */
    private boolean reused;
    /** A failed write may have left bytes past size on disk; cut them before the next write. */
    private boolean tailDirty;

    Segment(Path path, long firstIndex, FileIo io) {
        this.path = path;
        this.firstIndex = firstIndex;
        this.io = io;
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

    void markReused() {
        reused = true;
    }

    boolean reused() {
        return reused;
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
                channel = io.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open " + path, e);
            }
        }
        return channel;
    }

    /**
     * Writes records (their sizes in recordBytes) at the end of the segment. The offsets
     * count only once every byte is written: a write that fails part-way (disk full, EIO)
     * is cut back off the file, and if even that fails the next write cuts it first, so
     * a retry never lands after a hole.
     */
    void append(ByteBuffer records, int[] recordBytes) {
        try {
            FileChannel ch = channel();
            if (tailDirty) {
                ch.truncate(size);   // what a failed write left behind
                tailDirty = false;
            }
            long at = size;
            while (records.hasRemaining()) {
                at += ch.write(records, at);
            }
        } catch (IOException e) {
            tailDirty = true;
            try {
                channel().truncate(size);
                tailDirty = false;
            } catch (IOException | UncheckedIOException again) {
                e.addSuppressed(again);
            }
            throw new UncheckedIOException("cannot append to " + path + ": " + e.getMessage(), e);
        }
        long offset = size;
        for (int bytes : recordBytes) {
            recordAppended(offset, bytes);
            offset += bytes;
        }
    }

    /**
     * A file of bytes zeros, durable if fsync: a segment's blocks allocated before its first
     * record, so records overwrite them and the file size never changes under them. A crash
     * part-way leaves a shorter run of zeros, which recovery reads as an empty segment.
     */
    static void fillWithZeros(Path path, long bytes, boolean fsync, FileIo io) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = io.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long at = 0; at < bytes; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - at));
                at += ch.write(zeros, at);
            }
            if (fsync) {
                ch.force(true);
            }
        } catch (IOException | RuntimeException e) {
            // A full disk: the part written would hold the space the log's own writes need.
            try {
                Files.deleteIfExists(path);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /**
     * Makes from (a segment the snapshot emptied) the file to, empty: an end marker at its start,
     * durable before the rename, so its earlier records never read as the new segment's. False
     * when there is no such file (the preparer and a snapshot race for it: either outcome is fine).
     */
    static boolean reuse(Path from, Path to, FileIo io) throws IOException {
        if (!Files.exists(from)) {
            return false;
        }
        try (FileChannel ch = io.open(from, StandardOpenOption.WRITE)) {
            ByteBuffer marker = ByteBuffer.allocate(LogRecords.END_MARKER);
            while (marker.hasRemaining()) {
                ch.write(marker, marker.position());
            }
            ch.force(false);
        }
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /** Drops every entry from index on, on disk and in memory (not yet fsynced). */
    void truncateFrom(long index) {
        long offset = index <= firstIndex ? 0 : index > lastIndex() ? size : offsetOf(index);
        try {
            channel().truncate(offset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate " + path + ": " + e.getMessage(), e);
        }
        count = (int) Math.max(0, index - firstIndex);
        size = offset;
        tailDirty = false;
    }

    void force() {
        try {
            channel().force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fsync " + path + ": " + e.getMessage(), e);
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
