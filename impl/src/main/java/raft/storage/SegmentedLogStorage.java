package raft.storage;

import raft.core.Entry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
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

    /** What recover() had to repair. tornFile is null when there was no torn tail. */
    public record RecoveryReport(Path tornFile, long tornOffset, long bytesCut, int tempFilesRemoved,
                                 int coveredSegmentsRemoved) {}

    private static final int META_MAGIC = 0x52465431;   // "RFT1"
    private static final int SNAP_MAGIC = 0x52465331;    // "RFS1"

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
    private Path tornFile;
    private long tornOffset = -1;
    private long bytesCut;

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
        int temps = removeTempFiles();
        byte[] meta = DurableFiles.read(metaPath());
        if (meta != null) {
            ByteBuffer b = ByteBuffer.wrap(meta);
            if (meta.length != 16 || b.getInt() != META_MAGIC) {
                throw new StorageCorruptionException(metaPath(), 0, "not a raft meta file (" + meta.length + " bytes)");
            }
            term = b.getLong();
            votedFor = b.getInt();
        }
        byte[] snapshot = null;
        byte[] snap = DurableFiles.read(snapshotPath());
        if (snap != null) {
            ByteBuffer b = ByteBuffer.wrap(snap);
            if (snap.length < 20 || b.getInt() != SNAP_MAGIC) {
                throw new StorageCorruptionException(snapshotPath(), 0, "not a raft snapshot file");
            }
            snapshotIndex = b.getLong();
            snapshotTerm = b.getLong();
            snapshot = new byte[b.remaining()];
            b.get(snapshot);
        }
        List<Entry> entries = loadSegments();
        int covered = dropCoveredSegments();
        checkContiguous();
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
        report = new RecoveryReport(tornFile, tornOffset, bytesCut, temps, covered);
        recovered = true;
        return new Recovered(term, votedFor, snapshotIndex, snapshotTerm, snapshot, kept);
    }

    private List<Entry> loadSegments() {
        List<Segment> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.log")) {
            for (Path p : ds) {
                long first = Segment.parseFirstIndex(p.getFileName().toString());
                if (first > 0) {
                    found.add(new Segment(p, first));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        found.sort((a, b) -> Long.compare(a.firstIndex, b.firstIndex));
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            Segment seg = found.get(i);
            boolean last = i == found.size() - 1;
            long cut = SegmentScanner.scan(seg, last, entries);
            if (cut >= 0) {
                long before = fileSize(seg.path);
                seg.truncateFrom(seg.lastIndex() + 1);
                sync(seg);
                tornFile = seg.path;
                tornOffset = cut;
                bytesCut = before - cut;
            }
            segments.add(seg);
        }
        return entries;
    }

    private int dropCoveredSegments() {
        int removed = 0;
        // A crash between writing a snapshot and deleting what it covers leaves these behind.
        while (!segments.isEmpty() && segments.get(0).lastIndex() <= snapshotIndex
                && segments.get(0).firstIndex <= snapshotIndex) {
            segments.remove(0).delete();
            removed++;
        }
        if (removed > 0) {
            syncDir();
        }
        return removed;
    }

    private void checkContiguous() {
        long expected = snapshotIndex + 1;
        for (Segment seg : segments) {
            if (seg.firstIndex > expected) {
                throw new StorageCorruptionException(seg.path, 0, "log entries " + expected + ".."
                        + (seg.firstIndex - 1) + " are missing (snapshot covers up to " + snapshotIndex + ")");
            }
            expected = Math.max(expected, seg.lastIndex() + 1);
        }
    }

    @Override
    public synchronized void persist(Update u) {
        if (!recovered || closed) {
            throw new IllegalStateException(closed ? "storage is closed" : "persist() before recover()");
        }
        if (u.term() != term || u.votedFor() != votedFor) {
            ByteBuffer b = ByteBuffer.allocate(16).putInt(META_MAGIC).putLong(u.term()).putInt(u.votedFor());
            DurableFiles.replace(metaPath(), b.array(), options.fsync());
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
        ByteBuffer b = ByteBuffer.allocate(20 + s.data().length).putInt(SNAP_MAGIC).putLong(s.index()).putLong(s.term());
        b.put(s.data());
        DurableFiles.replace(snapshotPath(), b.array(), options.fsync());
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

    private int removeTempFiles() {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + DurableFiles.TEMP_SUFFIX)) {
            for (Path p : ds) {
                // A temp file is a replace() that crashed before its rename: the old file still stands.
                Files.delete(p);
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean temp files in " + dir, e);
        }
        return n;
    }

    private static long fileSize(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + p, e);
        }
    }

    Path metaPath() {
        return dir.resolve("meta");
    }

    Path snapshotPath() {
        return dir.resolve("snapshot");
    }
}
