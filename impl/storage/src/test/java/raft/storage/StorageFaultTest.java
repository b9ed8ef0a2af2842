package raft.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.core.Entry;
import raft.core.RaftStorage.Recovered;
import raft.core.RaftStorage.SnapshotData;
import raft.core.RaftStorage.Update;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static raft.storage.SegmentedLogStorageTest.assertEntries;
import static raft.storage.SegmentedLogStorageTest.entries;
import static raft.storage.SegmentedLogStorageTest.entry;

/**
 * Disk faults: a missing meta or snapshot is refused like other damage, a refused start
 * changes nothing, and a failed write (full disk, EIO at any operation) never leaves a hole.
 */
class StorageFaultTest {
    @TempDir
    Path tmp;

    static SegmentedLogStorage open(Path dir, FileIo io) {
        return new SegmentedLogStorage(dir, new SegmentedLogStorage.Options(600, true, io));
    }

    /** name -> size and content hash: "as found" down to the byte. */
    static Map<String, String> listing(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                byte[] b = Files.readAllBytes(p);
                out.put(p.getFileName().toString(), b.length + ":" + java.util.Arrays.hashCode(b));
            }
        }
        return out;
    }

    private Path populated() {
        Path dir = tmp.resolve("n");
        try (SegmentedLogStorage s = open(dir, FileIo.DEFAULT)) {
            s.recover();
            s.persist(new Update(3, 1, 0, entries(1, 30, 3), null));
            s.persist(new Update(3, 1, 0, List.of(), new SnapshotData(10, 3, new byte[] {7})));
        }
        return dir;
    }

    private static StorageCorruptionException refused(Path dir) {
        try (SegmentedLogStorage s = open(dir, FileIo.DEFAULT)) {
            return assertThrows(StorageCorruptionException.class, s::recover);
        }
    }

    @Test
    void missingMetaNextToALogIsRefusedAndTheDirectoryLeftAsFound() throws IOException {
        Path dir = populated();
        Files.delete(dir.resolve("meta"));
        Map<String, String> before = listing(dir);
        StorageCorruptionException e = refused(dir);
        assertEquals(dir.resolve("meta"), e.file());
        assertTrue(e.getMessage().contains("term and vote are lost"), e.getMessage());
        assertEquals(before, listing(dir));
    }

    @Test
    void missingMetaNextToOnlyASnapshotIsRefused() throws IOException {
        Path dir = tmp.resolve("n");
        try (SegmentedLogStorage s = open(dir, FileIo.DEFAULT)) {
            s.recover();
            s.persist(new Update(2, 0, 0, entries(1, 3, 2), new SnapshotData(3, 2, new byte[] {1})));
        }
        Files.delete(dir.resolve("meta"));
        assertEquals(dir.resolve("meta"), refused(dir).file());
    }

    @Test
    void missingOrOlderSnapshotNamedByMetaIsRefused() throws IOException {
        Path dir = populated();
        byte[] newer = Files.readAllBytes(dir.resolve("snapshot"));
        Files.delete(dir.resolve("snapshot"));
        StorageCorruptionException e = refused(dir);
        assertEquals(dir.resolve("snapshot"), e.file());
        assertTrue(e.getMessage().contains("meta says a snapshot covers entries 1..10"), e.getMessage());

        // An older snapshot put back in its place: the entries 6..10 it lacks are gone from the log too.
        StateFiles.writeSnapshot(dir, new SnapshotData(5, 3, new byte[] {1}), false, FileIo.DEFAULT);
        assertTrue(refused(dir).getMessage().contains("covers entries 1..5"));
        Files.write(dir.resolve("snapshot"), newer);
        try (SegmentedLogStorage s = open(dir, FileIo.DEFAULT)) {
            assertEquals(10, s.recover().snapshotIndex());
        }
    }

    @Test
    void anEmptyDirectoryIsANewNodeAndAStrayTempFileDoesNotChangeThat() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("n"));
        Files.write(dir.resolve("meta.tmp"), new byte[] {1, 2});
        try (SegmentedLogStorage s = open(dir, FileIo.DEFAULT)) {
            Recovered r = s.recover();
            assertEquals(0, r.term());
            assertTrue(r.entries().isEmpty());
        }
    }

    @Test
    void aRefusedStartRemovesNoTempFileAndCreatesNoLock() throws IOException {
        Path dir = populated();
        Files.delete(dir.resolve("LOCK"));
        Files.write(dir.resolve("meta"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Files.write(dir.resolve("meta.tmp"), new byte[] {9, 9, 9});
        Map<String, String> before = listing(dir);
        refused(dir);
        assertEquals(before, listing(dir), "no LOCK made, meta.tmp kept, nothing else touched");
    }

    @Test
    void aMetaFileOfTheFirstFormatIsStillRead() throws IOException {
        Path dir = populated();
        java.nio.ByteBuffer v1 = java.nio.ByteBuffer.allocate(16).putInt(0x52465431).putLong(3).putInt(1);
        DurableFiles.replace(dir.resolve("meta"), v1.array(), false);
        try (SegmentedLogStorage s = open(dir, FileIo.DEFAULT)) {
            Recovered r = s.recover();
            assertEquals(3, r.term());
            assertEquals(10, r.snapshotIndex());
        }
    }

    @Test
    void aFullDiskNeverLeavesAHoleAndTheRetryResumesTheLog() throws IOException {
        Path dir = tmp.resolve("n");
        FaultyFileIo io = new FaultyFileIo();
        List<Entry> written = new ArrayList<>();
        try (SegmentedLogStorage s = open(dir, io)) {
            s.recover();
            s.persist(new Update(1, 0, 0, entries(1, 5, 1), null));
            written.addAll(entries(1, 5, 1));
            io.spaceLeft(50);   // part of the next record fits, then ENOSPC
            Update next = new Update(1, 0, 0, entries(6, 12, 1), null);
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> s.persist(next));
            assertTrue(e.getMessage().contains("No space left"), e.getMessage());
            assertNotNull(s.writeFailure(), "the failure is visible while writes fail");
            assertThrows(UncheckedIOException.class, () -> s.persist(next), "still full");
            io.spaceLeft(Long.MAX_VALUE);   // the operator frees space
            s.persist(next);
            written.addAll(entries(6, 12, 1));
            assertNull(s.writeFailure());
            s.persist(new Update(1, 0, 0, entries(13, 14, 1), null));
            written.addAll(entries(13, 14, 1));
        }
        long recordBytes = written.stream().mapToLong(LogRecords::size).sum();
        long fileBytes = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.toString().endsWith(".log")) {
                    fileBytes += Files.size(p);
                }
            }
        }
        assertEquals(recordBytes, fileBytes, "segments hold the records and nothing else");
        try (SegmentedLogStorage s = open(dir, FileIo.DEFAULT)) {
            Recovered r = s.recover();
            assertEntries(written, r.entries());
            assertNull(s.recoveryReport().tornFile());
        }
    }

    @Test
    void aRetryMergedWithLaterEntriesAfterAFailedWriteLandsRightAfterTheLog() {
        Path dir = tmp.resolve("n");
        FaultyFileIo io = new FaultyFileIo();
        try (SegmentedLogStorage s = open(dir, io)) {
            s.recover();
            s.persist(new Update(1, 0, 0, entries(1, 3, 1), null));
            io.spaceLeft(10);
            assertThrows(UncheckedIOException.class, () -> s.persist(new Update(1, 0, 0, entries(4, 6, 1), null)));
            io.spaceLeft(Long.MAX_VALUE);
            // What RaftNode retries once more proposals joined the failed write at the head of its queue.
            s.persist(new Update(2, 1, 0, entries(4, 9, 1), null));
        }
        try (SegmentedLogStorage s = open(dir, FileIo.DEFAULT)) {
            Recovered r = s.recover();
            assertEquals(2, r.term());
            assertEntries(entries(1, 9, 1), r.entries());
        }
    }

    /**
     * The same workload with operation k failing, for every k a clean run performs: each failed
     * persist is retried once and succeeds, and a restart then recovers exactly the clean result.
     */
    @Test
    void anIoErrorAtAnyOperationIsRetriedIntoTheSameLog() {
        long cleanOps = runWorkload(tmp.resolve("clean"), new FaultyFileIo());
        assertTrue(cleanOps > 40, "the workload exercises many operations: " + cleanOps);
        Recovered clean = recoverPlain(tmp.resolve("clean"));
        for (long k = 1; k <= cleanOps; k++) {
            Path dir = tmp.resolve("fail-" + k);
            runWorkload(dir, new FaultyFileIo().failAt(k));
            Recovered r = recoverPlain(dir);
            assertEquals(clean.term(), r.term(), "term, failing operation " + k);
            assertEquals(clean.votedFor(), r.votedFor(), "vote, failing operation " + k);
            assertEquals(clean.snapshotIndex(), r.snapshotIndex(), "snapshot, failing operation " + k);
            assertEntries(clean.entries(), r.entries());
        }
    }

    private static Recovered recoverPlain(Path dir) {
        try (SegmentedLogStorage s = open(dir, FileIo.DEFAULT)) {
            return s.recover();
        }
    }

    /** Appends across segment rolls, a term change, a truncation and a snapshot. Returns the operations used. */
    private static long runWorkload(Path dir, FaultyFileIo io) {
        List<Update> updates = List.of(
                new Update(1, 0, 0, entries(1, 12, 1), null),
                new Update(1, 0, 0, entries(13, 20, 1), null),
                new Update(2, 2, 0, List.of(), null),
                new Update(2, 2, 15, entries(15, 24, 2), null),
                new Update(2, 2, 0, List.of(), new SnapshotData(16, 2, new byte[] {4, 2})),
                new Update(3, 2, 0, entries(25, 30, 3), null));
        try (SegmentedLogStorage s = open(dir, io)) {
            s.recover();
            for (Update u : updates) {
                try {
                    s.persist(u);
                } catch (UncheckedIOException e) {
                    assertNotNull(s.writeFailure());
                    s.persist(u);
                }
            }
            assertNull(s.writeFailure());
        }
        return io.operations();
    }

    @Test
    void aWriteWhoseRollbackAlsoFailsIsCutBeforeTheNextWrite() throws IOException {
        Path dir = tmp.resolve("n");
        FaultyFileIo io = new FaultyFileIo();
        try (SegmentedLogStorage s = open(dir, io)) {
            s.recover();
            s.persist(new Update(1, 0, 0, entries(1, 2, 1), null));
            long op = io.operations();
            // op+1: the append's write (half of it fits); op+2: the truncate that would undo it.
            io.spaceLeft(30).failAt(op + 2);
            assertThrows(UncheckedIOException.class, () -> s.persist(new Update(1, 0, 0, entries(3, 4, 1), null)));
            io.spaceLeft(Long.MAX_VALUE);
            s.persist(new Update(1, 0, 0, entries(3, 4, 1), null));
        }
        try (SegmentedLogStorage s = open(dir, FileIo.DEFAULT)) {
            assertEntries(entries(1, 4, 1), s.recover().entries());
            assertNull(s.recoveryReport().tornFile(), "no garbage was left between records");
        }
    }

    @Test
    void recoveryReportsWhatItFound() throws IOException {
        Path dir = populated();
        try (Stream<Path> files = Files.list(dir)) {
            Path last = files.filter(p -> p.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
            long size = Files.size(last);
            try (var ch = java.nio.channels.FileChannel.open(last, java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(size - 3);
            }
        }
        try (SegmentedLogStorage s = open(dir, FileIo.DEFAULT)) {
            s.recover();
            SegmentedLogStorage.RecoveryReport r = s.recoveryReport();
            assertTrue(r.segmentsFound() > 1);
            assertEquals(10, r.snapshotIndex());
            assertEquals(29, r.lastIndex());
            assertNotNull(r.tornFile());
        }
        assertEquals(entry(29, 3).index(), 29);
    }
}
