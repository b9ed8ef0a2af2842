package raft.storage;

import raft.core.Entry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one segment at startup. Zeros after the last record are a preallocated segment's unwritten
 * rest (SegmentedLogStorage.Options.preallocate), in any segment: an entry lost from the end of an
 * earlier one shows as a gap in the indexes. A reused segment (a file the snapshot emptied, given
 * the next segment's name) still holds its earlier records after the end marker that follows each
 * write, all with indexes below the segment's first: they end it too, unless a valid record of
 * this segment's own range lies beyond them. A bad record is a torn tail only when it is the last
 * thing in the last segment: a crash mid-append leaves a prefix of the batch, never a hole
 * followed by good data. So after a bad record we look for any valid record further on; finding
 * one means the damage is in the middle, and we refuse to start rather than cut entries that may
 * be committed.
 */
final class SegmentScanner {
    private SegmentScanner() {}

    /** Every segment of a directory in index order, their entries, and the torn tail if any (not yet cut). */
    record DirectoryScan(List<Segment> segments, List<Entry> entries, Path tornFile, long tornOffset, long tornBytes) {}

    static DirectoryScan scanDirectory(Path dir, FileIo io) {
        List<Segment> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.log")) {
            for (Path p : ds) {
                long first = Segment.parseFirstIndex(p.getFileName().toString());
                if (first > 0) {
                    found.add(new Segment(p, first, io));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        found.sort((a, b) -> Long.compare(a.firstIndex, b.firstIndex));
        List<Entry> entries = new ArrayList<>();
        Path tornFile = null;
        long tornOffset = -1;
        long tornBytes = 0;
        for (int i = 0; i < found.size(); i++) {
            Segment seg = found.get(i);
            long cut = scan(seg, i == found.size() - 1, entries);
            if (cut >= 0) {
                tornFile = seg.path;
                tornOffset = cut;
                try {
                    tornBytes = Files.size(seg.path) - cut;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot stat " + seg.path, e);
                }
            }
        }
        return new DirectoryScan(found, entries, tornFile, tornOffset, tornBytes);
    }

    /**
     * Appends the segment's entries to out and records their offsets in seg. Returns the
     * offset of a torn tail to cut (only when isLast), or -1 when the file is clean.
     */
    static long scan(Segment seg, boolean isLast, List<Entry> out) {
        ByteBuffer data;
        try {
            data = ByteBuffer.wrap(Files.readAllBytes(seg.path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + seg.path, e);
        }
        int pos = 0;
        long expected = seg.firstIndex;
        while (pos < data.limit()) {
            Entry e = LogRecords.read(data, pos);
            if (e == null && zerosFrom(data, pos)) {
                return -1;   // a preallocated segment's unwritten rest: the log ends here
            }
            if (endsHere(data, pos, e, seg.firstIndex)) {
                // An end marker, or a record older than the segment: a reused file's earlier life.
                int later = findValidRecord(data, pos + 1, expected, seg.firstIndex);
                if (later >= 0) {
                    throw new StorageCorruptionException(seg.path, pos, "the log ends here, but a valid record"
                            + " follows at offset " + later);
                }
                seg.markReused();   // appends after a restart must end with a marker too
                return -1;
            }
            if (e == null) {
                String why = describe(data, pos);
                if (!isLast) {
                    throw new StorageCorruptionException(seg.path, pos, why + " in a segment that is not the last");
                }
                int later = findValidRecord(data, pos + 1, expected, seg.firstIndex);
                if (later >= 0) {
                    throw new StorageCorruptionException(seg.path, pos,
                            why + ", but a valid record follows at offset " + later + " (not a torn tail)");
                }
                return pos;
            }
            long prevTerm = out.isEmpty() ? 0 : out.get(out.size() - 1).term();
            if (e.term() < prevTerm) {
                throw new StorageCorruptionException(seg.path, pos, "entry " + e.index() + " has term " + e.term()
                        + ", lower than the term " + prevTerm + " of the entry before it");
            }
            if (e.index() != expected) {
                throw new StorageCorruptionException(seg.path, pos,
                        "entry index " + e.index() + " where " + expected + " was expected");
            }
            int bytes = LogRecords.size(e);
            seg.recordAppended(pos, bytes);
            out.add(e);
            pos += bytes;
            expected++;
        }
        return -1;
    }

    /**
     * Nothing but zeros from pos to the end. A record never starts with four zero bytes (its
     * length is at least FIXED_PAYLOAD), and a torn append into zeros leaves some non-zero
     * byte of its header or body, so this is the end of what was written, not damage.
     */
    static boolean zerosFrom(ByteBuffer data, int pos) {
        for (int p = pos; p < data.limit(); p++) {
            if (data.get(p) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * An end marker (a zero length field: no record has one) or a whole record from before the
     * segment's first index (only a reused file holds one).
     */
    private static boolean endsHere(ByteBuffer data, int pos, Entry e, long firstIndex) {
        if (e != null) {
            return e.index() < firstIndex;
        }
        return data.limit() - pos >= LogRecords.END_MARKER && data.getInt(pos) == 0;
    }

    /**
     * The offset of a valid record at or after from whose index is at least minIndex, or -1.
     * The index is checked before the checksum: a reused file holds megabytes of older records,
     * and a record at offset p cannot have an index past firstIndex + p / (smallest record).
     */
    private static int findValidRecord(ByteBuffer data, int from, long minIndex, long firstIndex) {
        int smallest = LogRecords.HEADER + LogRecords.FIXED_PAYLOAD;
        for (int p = from; p + smallest <= data.limit(); p++) {
            long index = data.getLong(p + LogRecords.HEADER);
            if (index < minIndex || index > firstIndex + p / smallest) {
                continue;
            }
            Entry e = LogRecords.read(data, p);
            if (e != null && e.index() >= minIndex) {
                return p;
            }
        }
        return -1;
    }

    private static String describe(ByteBuffer data, int pos) {
        int remaining = data.limit() - pos;
        if (remaining < LogRecords.HEADER + LogRecords.FIXED_PAYLOAD) {
            return "incomplete record (" + remaining + " bytes left)";
        }
        int len = LogRecords.length(data, pos);
        if (len < LogRecords.FIXED_PAYLOAD || len > LogRecords.MAX_PAYLOAD) {
            return "implausible record length " + len;
        }
        if (len > remaining - LogRecords.HEADER) {
            return "record of " + len + " bytes runs past the end of the file";
        }
        return "record checksum mismatch";
    }
}
