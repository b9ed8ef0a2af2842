package raft.storage;

import raft.core.RaftStorage;
import raft.core.Entry;
import raft.core.LogThrottle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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

    /**
     * segmentBytes: roll to a new segment past this size. fsync=false is for benchmarks only.
     * io opens every file written (tests inject failing channels). preallocate: each new segment
     * was filled with segmentBytes of zeros and fsynced before its first record (on a preparer
     * thread, ahead of need, as etcd's WAL does); appends then overwrite blocks the file already
     * has, so their fsync need not commit a new file size to the journal (on this machine's ext4:
     * 97 us against 133 us per fdatasync of a 1 KiB append, idle). The fill writes every byte of
     * the log twice, so without fsync (nothing to make cheaper) no segment is filled. Recovery
     * reads zeros after the last record as the log's end. A segment a snapshot emptied is reused
     * as a later one instead of filling a new file (keepForReuse).
     */
    public record Options(long segmentBytes, boolean fsync, FileIo io, boolean preallocate) {
        public Options(long segmentBytes, boolean fsync) {
            this(segmentBytes, fsync, FileIo.DEFAULT, false);
        }

        public Options(long segmentBytes, boolean fsync, FileIo io) {
            this(segmentBytes, fsync, io, false);
        }

        /** 64 MiB segments, fsync, preallocated. */
        public static Options defaults() {
            return new Options(64L << 20, true, FileIo.DEFAULT, true);
        }

        public Options withFileIo(FileIo io) {
            return new Options(segmentBytes, fsync, io, preallocate);
        }

        public Options withFsync(boolean fsync) {
            return new Options(segmentBytes, fsync, io, preallocate);
        }

        public Options withPreallocation(boolean preallocate) {
            return new Options(segmentBytes, fsync, io, preallocate);
        }
    }

    /**
     * What recover() found and had to repair. tornFile is null when there was no torn tail;
     * segmentsFound counts the segment files read, before covered ones were removed; emptySegments
     * those without a single record (a crash right after a roll, or a file truncated by hand: either
     * way, worth a line in the log).
     */
    public record RecoveryReport(Path tornFile, long tornOffset, long bytesCut, int tempFilesRemoved,
                                 int coveredSegmentsRemoved, int segmentsFound, int emptySegments,
                                 long snapshotIndex, long firstIndex, long lastIndex) {
        /** One line: what was found, then what was repaired. */
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
            if (emptySegments > 0) {
                sb.append("; ").append(emptySegments).append(" segment(s) without a record");
            }
            if (tempFilesRemoved > 0) {
                sb.append("; ").append(tempFilesRemoved).append(" unfinished temporary file(s) removed");
            }
            return sb.toString();
        }
    }

    private static final System.Logger LOG = System.getLogger(SegmentedLogStorage.class.getName());

    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Options options;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** LOCK did not exist before this open: a refused start removes it again. */
    private final boolean createdLock;
    private final List<Segment> segments = new ArrayList<>();
    private Segment active;
    private long term;
    private int votedFor = -1;
    private long snapshotIndex;
    private long snapshotTerm;
    private long lastIndex;
    private boolean recovered;
    private boolean closed;
    /** The next segment, being filled with zeros off the write path (Options.preallocate). */
    static final String SPARE = "spare.segment";
    /** A segment the snapshot emptied, kept to become the next spare without a fill. */
    static final String REUSABLE = "reusable.segment";
    private ExecutorService preparer;
    /** The next segment's file being prepared: true when it is a reused one. */
    private Future<Boolean> spare;
    private long syncs;
    /**
     * Where append() encodes a batch, reused (guarded by this): a fresh heap buffer per batch
     * was garbage, and FileChannel copies a heap buffer into a direct one before writing.
     */
    private ByteBuffer writeBuffer = ByteBuffer.allocateDirect(64 << 10);
    /** Batches larger than this get a buffer of their own rather than pinning that much memory. */
    private static final int MAX_KEPT_BUFFER = 4 << 20;
    private RecoveryReport report;
    /** A failed append whose rollback failed too: undone before the next write. */
    private Mark pendingRollback;
    /** The last write failure's message while writes fail; null while they succeed. */
    private volatile String writeFailure;
    private long failedWrites;
    private final LogThrottle failureLog = LogThrottle.perMinute();

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
            createdLock = !Files.exists(dir.resolve("LOCK"));
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
        SegmentScanner.DirectoryScan scan;
        int covered;
        SnapshotData snap;
        Path adopt;
        try {
            // Validate everything before repairing anything: a refused start leaves the directory as found.
            StateFiles.HardState hard = StateFiles.readMeta(dir);
            snap = StateFiles.readSnapshot(dir);
            scan = SegmentScanner.scanDirectory(dir, options.io());
            checkMetaVouchesFor(hard, snap, scan.segments().size());
            if (hard != null) {
                term = hard.term();
                votedFor = hard.votedFor();
            }
            if (snap != null) {
                snapshotIndex = snap.index();
                snapshotTerm = snap.term();
            }
            adopt = adoptableSpare(scan);
            segments.addAll(scan.segments());
            covered = countCoveredSegments();
            checkContiguous(covered);
        } catch (RuntimeException e) {
            refuseStart();
            throw e;
        }
        int temps = StateFiles.removeTempFiles(dir);
        if (adopt != null) {
            scan = adoptSpare(adopt);
        }
        for (String name : List.of(SPARE, REUSABLE)) {
            try {
                Files.deleteIfExists(dir.resolve(name));   // possibly half prepared: made again below
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + dir.resolve(name), e);
            }
        }
        // Counted before covered segments go: an emptied file is worth a line even when the snapshot covers it.
        int empty = 0;
        for (Segment seg : segments) {
            empty += seg.count() == 0 ? 1 : 0;
        }
        for (int i = 0; i < covered; i++) {
            segments.remove(0).delete();
        }
        if (covered > 0) {
            syncDir();
        }
        cutTornTail(scan.tornFile());
        List<Entry> kept = new ArrayList<>();
        for (Entry e : scan.entries()) {
            if (e.index() > snapshotIndex) {
                kept.add(e);
            }
        }
        lastIndex = kept.isEmpty() ? snapshotIndex : kept.get(kept.size() - 1).index();
        active = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (active != null && active.lastIndex() != lastIndex) {
            active = null; // every segment is older than the snapshot
        }
        report = new RecoveryReport(scan.tornFile(), scan.tornOffset(), scan.tornBytes(), temps, covered,
                scan.segments().size(), empty, snapshotIndex, kept.isEmpty() ? snapshotIndex + 1 : kept.get(0).index(),
                lastIndex);
        RecoveryLog.log(LOG, dir, report, term, votedFor);
        recovered = true;
        prepareSpare();
        return new Recovered(term, votedFor, snapshotIndex, snapshotTerm, snap == null ? null : snap.data(), kept,
                snap == null ? null : snap.config());
    }

    /**
     * meta is the node's vote: missing next to a log or snapshot it is lost, not new (only an
     * empty directory is a new node). And meta names the snapshot it saw installed, so a
     * deleted or older snapshot file (the log entries it covered are gone) is caught too.
     */
    private void checkMetaVouchesFor(StateFiles.HardState hard, SnapshotData snap, int segmentFiles) {
        if (hard == null && (snap != null || segmentFiles > 0)) {
            throw new StorageCorruptionException(dir.resolve(StateFiles.META), 0, "missing, but the directory holds "
                    + (snap != null ? "a snapshot" : "") + (snap != null && segmentFiles > 0 ? " and " : "")
                    + (segmentFiles > 0 ? segmentFiles + " log segment(s)" : "")
                    + ": the node's term and vote are lost (restore the file, or empty the directory to rejoin"
                    + " as a new node)");
        }
        long named = hard == null ? 0 : hard.snapshotIndex();
        if (named > 0 && snap == null) {
            throw new StorageCorruptionException(dir.resolve(StateFiles.SNAPSHOT), 0,
                    "missing, but meta says a snapshot covers entries 1.." + named);
        }
        if (snap != null && snap.index() < named) {
            throw new StorageCorruptionException(dir.resolve(StateFiles.SNAPSHOT), 0, "covers entries 1.."
                    + snap.index() + ", but meta says the installed snapshot covers 1.." + named);
        }
    }

    /** A refused start: release the lock, and remove LOCK if this open created it. */
    private void refuseStart() {
        closed = true;
        if (createdLock) {
            try {
                Files.deleteIfExists(dir.resolve("LOCK")); // while still holding it: no one else's lock is lost
            } catch (IOException ignored) {
                // Left behind; a LOCK file alone never stops a start.
            }
        }
        closeQuietly();
    }

    /**
     * The segment name spare.segment's records belong under, or null when it holds none (a fill, whole
     * or half done). A roll renames the spare without a directory fsync, so a crash can lose the rename
     * after records were written and acknowledged; they then continue the log from spare.segment.
     * Records there that do not continue the log are damage: refused, like any other.
     */
    private Path adoptableSpare(SegmentScanner.DirectoryScan scan) {
        Path file = dir.resolve(SPARE);
        if (!Files.exists(file) || startsWithZeros(file)) {
            return null;   // none, or no record written: a record's length field is never zero
        }
        List<Entry> entries = scan.entries();
        long next = Math.max(snapshotIndex, entries.isEmpty() ? 0 : entries.get(entries.size() - 1).index()) + 1;
        List<Entry> found = new ArrayList<>();
        // Read as the log's last segment: a torn tail there is a crash mid-append, as in any last segment.
        SegmentScanner.scan(new Segment(file, next, options.io()), true, found);
        if (found.isEmpty()) {
            return null;
        }
        if (scan.tornFile() != null) {
            throw new StorageCorruptionException(file, 0, "holds entries " + next + ".." + found.get(found.size() - 1).index()
                    + ", but the segment before it, " + scan.tornFile().getFileName() + ", has a torn tail");
        }
        return dir.resolve(Segment.fileName(next));
    }

    private static boolean startsWithZeros(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(4);
            while (head.hasRemaining() && ch.read(head) >= 0) {
                // a short read: go on until four bytes or the end
            }
            return head.position() == 4 && head.getInt(0) == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Gives a spare with records the name its roll meant it to have, and reads the directory again. */
    private SegmentScanner.DirectoryScan adoptSpare(Path name) {
        try {
            Files.move(dir.resolve(SPARE), name, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + dir.resolve(SPARE) + " to " + name, e);
        }
        syncDir();
        LOG.log(System.Logger.Level.INFO, "storage in " + dir + ": " + SPARE + " holds the log's last records (a roll"
                + " whose rename a crash lost): renamed to " + name.getFileName());
        SegmentScanner.DirectoryScan again = SegmentScanner.scanDirectory(dir, options.io());
        segments.clear();
        segments.addAll(again.segments());
        return again;
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

    /**
     * A write that fails (disk full, EIO) throws and leaves the log as it was before the call:
     * appended records are cut back off, so retrying the same update (or a merge of it with
     * later ones) never leaves a hole. Hard state and truncation are idempotent on retry.
     */
    @Override
    public synchronized void persist(Update u) {
        if (!recovered || closed) {
            throw new IllegalStateException(closed ? "storage is closed" : "persist() before recover()");
        }
        try {
            if (pendingRollback != null) {
                rollback(pendingRollback);
                pendingRollback = null;
            }
            if (u.term() != term || u.votedFor() != votedFor) {
                writeMeta(u.term(), u.votedFor(), snapshotIndex);
                term = u.term();
                votedFor = u.votedFor();
            }
            if (u.truncateFrom() > 0) {
                truncateFrom(Math.max(u.truncateFrom(), snapshotIndex + 1));
            }
            Mark mark = new Mark(segments.size(), lastIndex, active);
            try {
                List<Segment> dirty = new ArrayList<>(2);
                append(u.append(), dirty);
                for (Segment seg : dirty) {
                    sync(seg);
                }
                if (u.snapshot() != null) {
                    installSnapshot(u.snapshot());
                }
            } catch (RuntimeException e) {
                try {
                    rollback(mark);
                } catch (RuntimeException again) {
                    pendingRollback = mark;
                    e.addSuppressed(again);
                }
                throw e;
            }
        } catch (RuntimeException e) {
            writeFailed(e);
            throw e;
        }
        if (writeFailure != null) {
            LOG.log(System.Logger.Level.INFO, "storage in " + dir + ": writes succeed again after "
                    + failedWrites + " failed attempt(s)");
            writeFailure = null;
            failedWrites = 0;
        }
    }

    /** Where the log ended before an append, to return to if the append fails. */
    private record Mark(int segmentCount, long lastIndex, Segment active) {}

    private void rollback(Mark m) {
        while (segments.size() > m.segmentCount()) {
            segments.get(segments.size() - 1).delete();
            segments.remove(segments.size() - 1);
        }
        if (m.active() != null) {
            // Not fsynced: records that come back after a crash were whole and never acknowledged.
            m.active().truncateFrom(m.lastIndex() + 1);
        }
        active = m.active();
        lastIndex = m.lastIndex();
    }

    private void writeFailed(RuntimeException e) {
        failedWrites++;
        boolean first = writeFailure == null;
        writeFailure = String.valueOf(e.getMessage());
        long suppressed = failureLog.admit("write");
        if (first || suppressed >= 0) {
            LOG.log(System.Logger.Level.ERROR, "storage in " + dir + ": write failed (" + failedWrites
                    + " in a row; new proposals are refused and the write is retried until it succeeds): "
                    + writeFailure);
        }
    }

    @Override
    public String writeFailure() {
        return writeFailure;
    }

    private void writeMeta(long newTerm, int newVote, long newSnapshotIndex) {
        StateFiles.writeMeta(dir, new StateFiles.HardState(newTerm, newVote, newSnapshotIndex), options.fsync(),
                options.io());
        countSyncs(2);
    }

    private void truncateFrom(long index) {
        if (index > lastIndex) {
            return;
        }
        boolean deleted = false;
        while (segments.size() > 1 && segments.get(segments.size() - 1).firstIndex >= index) {
            // Listed until gone, so a failed delete is retried with the update rather than forgotten.
            segments.get(segments.size() - 1).delete();
            segments.remove(segments.size() - 1);
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
            ByteBuffer buf = writeBuffer(Math.toIntExact(bytes) + (active.reused() ? LogRecords.END_MARKER : 0));
            int[] sizes = new int[end - start];
            for (int i = start; i < end; i++) {
                int pos = buf.position();
                LogRecords.write(buf, entries.get(i));
                sizes[i - start] = buf.position() - pos;
            }
            if (active.reused()) {
                // Not counted in the segment's size, so the next write overwrites it: it keeps
                // the file's earlier records after it from being read as this log's.
                buf.putInt(0);
            }
            buf.flip();
            active.append(buf, sizes);
            if (!dirty.contains(active)) {
                dirty.add(active);
            }
            lastIndex = entries.get(end - 1).index();
            start = end;
        }
        if (spare == null && active.size() >= options.segmentBytes() / 2) {
            // Half way, not at the roll: by then a snapshot has usually emptied a segment to reuse.
            prepareSpare();
        }
    }

    /** A cleared buffer of at least bytes, the kept one when it fits (or can grow to fit). */
    private ByteBuffer writeBuffer(int bytes) {
        if (bytes > MAX_KEPT_BUFFER) {
            return ByteBuffer.allocate(bytes);
        }
        if (writeBuffer.capacity() < bytes) {
            writeBuffer = ByteBuffer.allocateDirect(Math.min(MAX_KEPT_BUFFER, Integer.highestOneBit(bytes - 1) << 1));
        }
        return writeBuffer.clear().limit(bytes);
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
        Segment seg = new Segment(dir.resolve(Segment.fileName(firstIndex)), firstIndex, options.io());
        segments.add(seg);   // listed before anything can fail, so a rollback deletes it
        active = seg;
        if (takeSpare(seg)) {
            // No directory fsync here, on the write path, where it would wait for the journal (2-15 ms
            // under load while other fills are being written back): the preparer made the spare's name
            // durable, so a crash that loses this rename leaves the segment's records under
            // spare.segment, and recover() adopts them from there (adoptableSpare).
            countSyncs(2);   // the fill's and its directory's, made on the preparer's thread
        } else {
            try {
                Files.deleteIfExists(seg.path);
                Files.createFile(seg.path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + seg.path + ": " + e.getMessage(), e);
            }
            syncDir();
        }
    }

    /**
     * The snapshot file, then meta naming it; once both are durable the covered segments go.
     * Failing to delete one is logged, not thrown: recover() removes covered segments anyway.
     * The active segment stays when the snapshot ends where the log does (a node compacting
     * all it has applied, as followers mostly do): the next record continues it, inside the
     * preallocated file. Retiring it made the next segment a file grown by every append, each
     * fdatasync then committing a new size to the journal, until half of it was written.
     * Only a snapshot beyond the log (InstallSnapshot to a follower behind it) leaves a gap
     * that a new segment must start after.
     */
    private void installSnapshot(SnapshotData s) {
        StateFiles.writeSnapshot(dir, s, options.fsync(), options.io());
        countSyncs(2);
        writeMeta(term, votedFor, s.index());
        snapshotIndex = s.index();
        snapshotTerm = s.term();
        boolean beyond = s.index() > lastIndex;
        if (beyond) {
            active = null;
            lastIndex = s.index();
        }
        boolean deleted = false;
        try {
            while (!segments.isEmpty() && segments.get(0) != active
                    && (beyond || segments.get(0).lastIndex() <= s.index())) {
                Segment covered = segments.get(0);
                if (!keepForReuse(covered)) {
                    covered.delete();
                }
                segments.remove(0);
                deleted = true;
            }
            if (deleted) {
                syncDir();
            }
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "storage in " + dir + ": snapshot " + s.index()
                    + " installed, but a segment it covers could not be removed (retried on restart): "
                    + e.getMessage());
        }
    }

    /**
     * Renames a segment the snapshot covers to {@link #REUSABLE} when no file waits there and it
     * is a whole segment's size, so the next spare needs no fill: 64 MiB of zeros per segment
     * otherwise, written back while the three nodes of a test machine fsync their appends. Its
     * records all have indexes at or below the snapshot's, below every later segment's first,
     * which is how recovery tells them from the log after an end marker (SegmentScanner).
     */
    private boolean keepForReuse(Segment covered) {
        Path reusable = dir.resolve(REUSABLE);
        try {
            if (!preparesSpares() || Files.exists(reusable)
                    || Files.size(covered.path) < options.segmentBytes()) {
                return false;
            }
            covered.close();
            Files.move(covered.path, reusable, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep " + covered.path + " for reuse: " + e.getMessage(), e);
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
        if (preparer != null) {
            preparer.shutdownNow();
            try {
                preparer.awaitTermination(10, TimeUnit.SECONDS);   // no write into the directory after close
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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

    /** Spares (filled or reused) only make fdatasync cheaper: without fsync there is nothing to gain. */
    private boolean preparesSpares() {
        return options.preallocate() && options.fsync();
    }

    /**
     * Prepares the next segment's file on the preparer's thread, so a roll does not stall the
     * write path: a reusable one gets an end marker at its start; else a file is filled with
     * zeros, as etcd's WAL does (64 MiB: 70 ms here, idle).
     */
    private void prepareSpare() {
        if (!preparesSpares() || closed) {
            return;
        }
        if (preparer == null) {
            preparer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "raft-segment-prealloc");
                t.setDaemon(true);
                return t;
            });
        }
        Path path = dir.resolve(SPARE);
        Path reusable = dir.resolve(REUSABLE);
        spare = preparer.submit(() -> {
            boolean reused = Segment.reuse(reusable, path, options.io());
            if (!reused) {
                Segment.fillWithZeros(path, options.segmentBytes(), options.fsync(), options.io());
            }
            DurableFiles.syncDirectory(dir, options.io());   // the name too: see roll()
            return reused;
        });
    }

    /**
     * Moves the prepared spare into place as the new segment (waiting for its fill if a roll
     * comes first), marking the segment reused when the spare was. False if there is none or it
     * failed: a disk without room for a whole segment may still take the next records, so the
     * segment then grows as it is written.
     */
    private boolean takeSpare(Segment seg) {
        if (spare == null) {
            return false;
        }
        try {
            boolean reused = spare.get();
            Files.move(dir.resolve(SPARE), seg.path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (reused) {
                seg.markReused();
            }
            return true;
        } catch (ExecutionException | IOException e) {
            Throwable why = e instanceof ExecutionException ? e.getCause() : e;
            LOG.log(System.Logger.Level.WARNING, "storage in " + dir + ": no preallocated segment (" + why.getMessage()
                    + "); " + seg.path.getFileName() + " grows as it is written");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            spare = null;
        }
    }

    private void syncDir() {
        if (options.fsync()) {
            DurableFiles.syncDirectory(dir, options.io());
            syncs++;
        }
    }

    private void countSyncs(int n) {
        if (options.fsync()) {
            syncs += n;
        }
    }
}
