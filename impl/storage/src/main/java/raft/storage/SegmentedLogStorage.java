package raft.storage;

import raft.core.RaftStorage;
import raft.core.Entry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Raft's persistent state in a directory, for the real cluster:
 * <pre>
 *   meta        currentTerm + votedFor      (replaced whole: temp, fsync, rename, fsync dir)
 *   snapshot    index + term + service data (replaced the same way)
 *   NNN...N.log append-only segments named by their first index; records carry CRC32C
 *   LOCK        held while open, so two processes never share a directory
 * </pre>
 * Group commit: one persist() is one batch, written with one write per segment and one
 * fsync (a metadata change or a segment roll adds its own). recover() cuts a torn tail
 * and refuses ({@link StorageCorruptionException}) any other damage.
 *
 * Usage: {@code new SegmentedLogStorage(dir, Options.defaults())}, then recover() once
 * (RaftNode does it in its constructor), then persist(); close() when done.
 */
public final class SegmentedLogStorage implements RaftStorage, AutoCloseable {

    /** segmentBytes: roll to a new segment past this size. fsync=false is for benchmarks only. */
    public record Options(long segmentBytes, boolean fsync) {
        public static Options defaults() {
            return new Options(64L << 20, true);
        }
    }

    /**
     * What recover() found and had to repair. tornFile is null when there was no torn tail;
     * segmentsFound counts the segment files read, before covered ones were removed.
     */
    public record RecoveryReport(Path tornFile, long tornOffset, long bytesCut, int tempFilesRemoved,
                                 int coveredSegmentsRemoved, int segmentsFound, long snapshotIndex,
                                 long firstIndex, long lastIndex) {
        /** One line for a log: what was found, then what was repaired. */
        public String describe() {
            StringBuilder sb = new StringBuilder("recovered ").append(segmentsFound).append(" segment file(s)");
            sb.append(lastIndex > snapshotIndex ? ", entries " + firstIndex + ".." + lastIndex : ", no entries");
            sb.append(snapshotIndex > 0 ? ", snapshot through " + snapshotIndex : ", no snapshot");
            if (tornFile != null) {
                sb.append("; torn tail cut: ").append(bytesCut).append(" byte(s) at offset ").append(tornOffset)
                        .append(" of ").append(tornFile.getFileName());
            }
            if (coveredSegmentsRemoved > 0) {
                sb.append("; ").append(coveredSegmentsRemoved).append(" segment(s) covered by the snapshot removed");
            }
            if (tempFilesRemoved > 0) {
                sb.append("; ").append(tempFilesRemoved).append(" unfinished temporary file(s) removed");
            }
            return sb.toString();
        }

        boolean repaired() {
            return tornFile != null || coveredSegmentsRemoved > 0 || tempFilesRemoved > 0;
        }
    }

    private static final System.Logger LOG = System.getLogger(SegmentedLogStorage.class.getName());

    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Options options;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final List<Segment> segments = new ArrayList<>();
    private Segment active;
    private long term;
    private int votedFor = -1;
    private long snapshotIndex;
    private long snapshotTerm;
    private long lastIndex;
    private boolean recovered;
    private boolean closed;
    private long syncs;
    private RecoveryReport report;

    public SegmentedLogStorage(Path dir, Options options) {
        this.dir = dir;
        this.options = options;
        // Checked before opening LOCK: closing a second descriptor of the file in this process
        // would drop the first one's POSIX lock, leaving the directory unguarded against others.
        if (!HELD.add(dir.toAbsolutePath().normalize())) {
            throw new IllegalStateException("raft data directory " + dir + " is already open in this process");
        }
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
        } catch (IOException e) {
            HELD.remove(dir.toAbsolutePath().normalize());
            throw new UncheckedIOException("cannot open raft data directory " + dir, e);
        }
        if (lock == null) {
            closeQuietly();
            throw new IllegalStateException("raft data directory " + dir + " is in use by another process");
        }
    }

    public SegmentedLogStorage(Path dir) {
        this(dir, Options.defaults());
    }

    @Override
    public synchronized Recovered recover() {
        if (recovered) {
            throw new IllegalStateException("recover() may be called once per open");
        }
        int temps = StateFiles.removeTempFiles(dir);
        StateFiles.HardState hard = StateFiles.readMeta(dir);
        if (hard != null) {
            term = hard.term();
            votedFor = hard.votedFor();
        }
        SnapshotData snap = StateFiles.readSnapshot(dir);
        byte[] snapshot = null;
        if (snap != null) {
            snapshotIndex = snap.index();
            snapshotTerm = snap.term();
            snapshot = snap.data();
        }
        // Validate everything before repairing anything: a refused start leaves the directory as found.
        SegmentScanner.DirectoryScan scan = SegmentScanner.scanDirectory(dir);
        segments.addAll(scan.segments());
        int found = segments.size();
        List<Entry> entries = scan.entries();
        int covered = countCoveredSegments();
        checkContiguous(covered);
        for (int i = 0; i < covered; i++) {
            segments.remove(0).delete();
        }
        if (covered > 0) {
            syncDir();
        }
        cutTornTail(scan.tornFile());
        List<Entry> kept = new ArrayList<>();
        for (Entry e : entries) {
            if (e.index() > snapshotIndex) {
                kept.add(e);
            }
        }
        lastIndex = kept.isEmpty() ? snapshotIndex : kept.get(kept.size() - 1).index();
        active = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (active != null && active.lastIndex() != lastIndex) {
            active = null; // every segment is older than the snapshot
        }
        report = new RecoveryReport(scan.tornFile(), scan.tornOffset(), scan.tornBytes(), temps, covered, found,
                snapshotIndex, kept.isEmpty() ? snapshotIndex + 1 : kept.get(0).index(), lastIndex);
        // A start is rare and what it repaired is what an operator asks about after a crash.
        LOG.log(report.repaired() ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                () -> dir + ": " + report.describe());
        recovered = true;
        return new Recovered(term, votedFor, snapshotIndex, snapshotTerm, snapshot, kept);
    }

    /** Leading segments wholly covered by the snapshot: a crash between writing it and deleting them. */
    private int countCoveredSegments() {
        int n = 0;
        while (n < segments.size() && segments.get(n).lastIndex() <= snapshotIndex
                && segments.get(n).firstIndex <= snapshotIndex) {
            n++;
        }
        return n;
    }

    private void checkContiguous(int skip) {
        long expected = snapshotIndex + 1;
        for (Segment seg : segments.subList(skip, segments.size())) {
            if (seg.firstIndex > expected) {
                throw new StorageCorruptionException(seg.path, 0, "log entries " + expected + ".."
                        + (seg.firstIndex - 1) + " are missing (snapshot covers up to " + snapshotIndex + ")");
            }
            expected = Math.max(expected, seg.lastIndex() + 1);
        }
    }

    private void cutTornTail(Path tornFile) {
        if (tornFile == null || segments.isEmpty()) {
            return; // the torn segment was wholly covered by the snapshot and is gone
        }
        Segment seg = segments.get(segments.size() - 1);
        if (seg.path.equals(tornFile)) {
            seg.truncateFrom(seg.lastIndex() + 1);
            sync(seg);
        }
    }

    @Override
    public synchronized void persist(Update u) {
        if (!recovered || closed) {
            throw new IllegalStateException(closed ? "storage is closed" : "persist() before recover()");
        }
        if (u.term() != term || u.votedFor() != votedFor) {
            StateFiles.writeMeta(dir, u.term(), u.votedFor(), options.fsync());
            countSyncs(2);
            term = u.term();
            votedFor = u.votedFor();
        }
        List<Segment> dirty = new ArrayList<>(2);
        if (u.truncateFrom() > 0) {
            truncateFrom(Math.max(u.truncateFrom(), snapshotIndex + 1));
        }
        append(u.append(), dirty);
        for (Segment seg : dirty) {
            sync(seg);
        }
        if (u.snapshot() != null) {
            installSnapshot(u.snapshot());
        }
    }

    private void truncateFrom(long index) {
        if (index > lastIndex) {
            return;
        }
        boolean deleted = false;
        while (segments.size() > 1 && segments.get(segments.size() - 1).firstIndex >= index) {
            segments.remove(segments.size() - 1).delete();
            deleted = true;
        }
        if (deleted) {
            // A deleted segment that came back after a crash would splice stale entries onto the log.
            syncDir();
        }
        Segment seg = segments.get(segments.size() - 1);
        seg.truncateFrom(index);
        // Durable before new records land where the old ones were: otherwise a crash could
        // keep old entries past the end of the new ones, splicing a log that never existed.
        sync(seg);
        active = seg;
        lastIndex = index - 1;
    }

    private void append(List<Entry> entries, List<Segment> dirty) {
        if (entries.isEmpty()) {
            return;
        }
        int start = 0;
        while (start < entries.size()) {
            long next = entries.get(start).index();
            if (next != lastIndex + 1) {
                throw new IllegalArgumentException("append of entry " + next + " but the log ends at " + lastIndex);
            }
            if (active == null || (active.count() > 0 && active.size() >= options.segmentBytes())) {
                roll(next, dirty);
            }
            // Fill the active segment up to its size limit with one write.
            int end = start;
            long bytes = 0;
            while (end < entries.size()
                    && (end == start || active.size() + bytes + LogRecords.size(entries.get(end)) <= options.segmentBytes())) {
                Entry e = entries.get(end);
                if (e.index() != next + (end - start)) {
                    throw new IllegalArgumentException("append batch is not consecutive at entry " + e.index());
                }
                bytes += LogRecords.size(e);
                end++;
            }
            ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(bytes));
            long offset = active.size();
            for (int i = start; i < end; i++) {
                int pos = buf.position();
                LogRecords.write(buf, entries.get(i));
                active.recordAppended(offset + pos, buf.position() - pos);
            }
            buf.flip();
            try {
                FileChannel ch = active.channel();
                long at = offset;
                while (buf.hasRemaining()) {
                    at += ch.write(buf, at);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to " + active.path, e);
            }
            if (!dirty.contains(active)) {
                dirty.add(active);
            }
            lastIndex = entries.get(end - 1).index();
            start = end;
        }
    }

    private void roll(long firstIndex, List<Segment> dirty) {
        if (active != null) {
            // The old segment must be durable before the new one exists, so a torn tail
            // can only ever be in the last segment.
            if (dirty.remove(active)) {
                sync(active);
            }
            active.close();
        }
        Segment seg = new Segment(dir.resolve(Segment.fileName(firstIndex)), firstIndex);
        try {
            Files.deleteIfExists(seg.path);
            Files.createFile(seg.path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + seg.path, e);
        }
        syncDir();
        segments.add(seg);
        active = seg;
    }

    private void installSnapshot(SnapshotData s) {
        StateFiles.writeSnapshot(dir, s, options.fsync());
        countSyncs(2);
        snapshotIndex = s.index();
        snapshotTerm = s.term();
        boolean deleted = false;
        if (s.index() >= lastIndex) {
            for (Segment seg : segments) {
                seg.delete();
            }
            deleted = !segments.isEmpty();
            segments.clear();
            active = null;
            lastIndex = s.index();
        } else {
            while (segments.get(0).lastIndex() <= s.index()) {
                segments.remove(0).delete();
                deleted = true;
            }
        }
        if (deleted) {
            syncDir();
        }
    }

    /** fsyncs issued so far (files and directories); tests use it to check group commit. */
    public synchronized long syncCount() {
        return syncs;
    }

    /** What the last recover() repaired. */
    public synchronized RecoveryReport recoveryReport() {
        return report;
    }

    public Path directory() {
        return dir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Segment seg : segments) {
            seg.close();
        }
        closeQuietly();
    }

    private void closeQuietly() {
        HELD.remove(dir.toAbsolutePath().normalize());
        try {
            if (lock != null) {
                lock.release();
            }
            lockChannel.close();
        } catch (IOException ignored) {
            // Closing the lock file can only fail if it is already gone; nothing to keep.
        }
    }

    private void sync(Segment seg) {
        if (options.fsync()) {
            seg.force();
            syncs++;
        }
    }

    private void syncDir() {
        if (options.fsync()) {
            DurableFiles.syncDirectory(dir);
            syncs++;
        }
    }

    private void countSyncs(int n) {
        if (options.fsync()) {
            syncs += n;
        }
    }
}
