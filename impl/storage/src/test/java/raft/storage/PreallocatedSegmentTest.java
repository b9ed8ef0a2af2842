package raft.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.core.Entry;
import raft.core.RaftStorage.Recovered;
import raft.core.RaftStorage.SnapshotData;
import raft.core.RaftStorage.Update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static raft.storage.SegmentedLogStorageTest.append;
import static raft.storage.SegmentedLogStorageTest.assertEntries;
import static raft.storage.SegmentedLogStorageTest.entries;
import static raft.storage.SegmentedLogStorageTest.entry;
import static raft.storage.SegmentedLogStorageTest.segmentFiles;

/**
 * Segments filled with zeros before their first record (Options.preallocate): the zeros after
 * the last record are the log's end, a torn append into them is still cut, and zeros never
 * hide damage in front of good records.
 */
class PreallocatedSegmentTest {
    static final long SEGMENT = 4096;

    @TempDir
    Path tmp;

    static SegmentedLogStorage open(Path dir, long segmentBytes) {
        return new SegmentedLogStorage(dir, new SegmentedLogStorage.Options(segmentBytes, true).withPreallocation(true));
    }

    static Recovered reopen(Path dir) {
        try (SegmentedLogStorage s = open(dir, SEGMENT)) {
            return s.recover();
        }
    }

    /** Entries 1..4 of term 2, voted for 1, in a fresh preallocated directory. */
    static void writeFour(Path dir) {
        try (SegmentedLogStorage s = open(dir, SEGMENT)) {
            s.recover();
            s.persist(append(2, 1, entries(1, 4, 2)));
        }
    }

    /** Bytes of the records alone: the file's start up to the zeros. */
    static int written(List<Entry> es) {
        return es.stream().mapToInt(LogRecords::size).sum();
    }

    @Test
    void aNewSegmentIsFilledBeforeItsFirstRecordAndRestartsFindTheRecordsInIt() throws IOException {
        Path dir = tmp.resolve("d");
        long plain;
        try (SegmentedLogStorage s = new SegmentedLogStorage(tmp.resolve("plain"), new SegmentedLogStorage.Options(SEGMENT, true))) {
            s.recover();
            s.persist(append(2, 1, entries(1, 4, 2)));
            plain = s.syncCount();
        }
        try (SegmentedLogStorage s = open(dir, SEGMENT)) {
            s.recover();
            s.persist(append(2, 1, entries(1, 4, 2)));
            assertEquals(plain + 1, s.syncCount(), "the fill costs one fsync per segment");
            s.persist(append(2, 1, entries(5, 6, 2)));
            assertEquals(plain + 2, s.syncCount(), "and a batch into it one, as ever");
        }
        Path seg = segmentFiles(dir).get(0);
        assertEquals(SEGMENT, Files.size(seg), "preallocated to the segment size");
        byte[] bytes = Files.readAllBytes(seg);
        int end = written(entries(1, 6, 2));
        assertTrue(SegmentScanner.zerosFrom(java.nio.ByteBuffer.wrap(bytes), end), "zeros after the records");

        try (SegmentedLogStorage s = open(dir, SEGMENT)) {
            Recovered r = s.recover();
            assertEntries(entries(1, 6, 2), r.entries());
            assertNull(s.recoveryReport().tornFile(), "zeros are no torn tail: " + s.recoveryReport().describe());
            assertEquals(SEGMENT, Files.size(seg), "recovery keeps the preallocated blocks");
            s.persist(append(3, 1, entries(7, 8, 3)));
        }
        List<Entry> all = new ArrayList<>(entries(1, 6, 2));
        all.addAll(entries(7, 8, 3));
        assertEntries(all, reopen(dir).entries());
    }

    @Test
    void rolledSegmentsArePreallocatedAndTheLogReadsBackAcrossThem() throws IOException {
        Path dir = tmp.resolve("d");
        int perSegment = (int) (SEGMENT / LogRecords.size(entry(100, 1)));
        long last = 0;
        try (SegmentedLogStorage s = open(dir, SEGMENT)) {
            s.recover();
            while (last < 3L * perSegment) {
                s.persist(append(1, 0, entries(last + 1, last + 10, 1)));
                last += 10;
            }
        }
        List<Path> segs = segmentFiles(dir);
        assertTrue(segs.size() >= 3, "rolled: " + segs);
        for (Path p : segs) {
            assertTrue(Files.size(p) >= SEGMENT, p + " preallocated");
        }
        assertEntries(entries(1, last, 1), reopen(dir).entries());
    }

    @Test
    void aTornAppendIntoTheZerosIsCutAtEveryByteOffset() throws IOException {
        Path golden = tmp.resolve("golden");
        writeFour(golden);
        Path seg = segmentFiles(golden).get(0);
        byte[] full = Files.readAllBytes(seg);
        int lastStart = written(entries(1, 3, 2));
        int lastEnd = written(entries(1, 4, 2));
        for (int keep = 0; keep < lastEnd - lastStart; keep++) {
            // A crash part-way through the last record's write: its first keep bytes reached
            // the disk, the rest of the file is still the fill.
            Path dir = SegmentedLogStorageTest.copyDir(golden, tmp.resolve("cut" + keep));
            byte[] torn = full.clone();
            Arrays.fill(torn, lastStart + keep, lastEnd, (byte) 0);
            Path s = dir.resolve(seg.getFileName());
            Files.write(s, torn);
            boolean anyByte = !SegmentedLogStorageTest.allZero(torn, lastStart, lastStart + keep);
            try (SegmentedLogStorage st = open(dir, SEGMENT)) {
                assertEntries(entries(1, 3, 2), st.recover().entries());
                // Leading zero bytes of the record (its length's high bytes) read as the fill itself.
                assertEquals(anyByte ? s : null, st.recoveryReport().tornFile(), "keep " + keep);
                st.persist(append(3, 1, List.of(entry(4, 3))));
            }
            List<Entry> expected = new ArrayList<>(entries(1, 3, 2));
            expected.add(entry(4, 3));
            assertEntries(expected, reopen(dir).entries());
        }
    }

    @Test
    void zerosInFrontOfGoodRecordsAreDamageNotTheEnd() throws IOException {
        Path dir = tmp.resolve("d");
        writeFour(dir);
        Path seg = segmentFiles(dir).get(0);
        byte[] bytes = Files.readAllBytes(seg);
        int second = written(entries(1, 1, 2));
        Arrays.fill(bytes, second, written(entries(1, 2, 2)), (byte) 0);   // entry 2 gone, 3 and 4 intact
        Files.write(seg, bytes);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> reopen(dir));
        assertEquals(second, e.offset());
        assertTrue(e.getMessage().contains("valid record follows"), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(seg), "a refused start must not modify the file");
    }

    @Test
    void aSegmentLeftAllZerosByACrashAfterARollIsEmptyAndTakesTheNextRecords() throws IOException {
        Path dir = tmp.resolve("d");
        writeFour(dir);
        Files.write(dir.resolve(Segment.fileName(5)), new byte[(int) SEGMENT]);
        try (SegmentedLogStorage s = open(dir, SEGMENT)) {
            assertEntries(entries(1, 4, 2), s.recover().entries());
            assertEquals(1, s.recoveryReport().emptySegments());
            s.persist(append(2, 1, entries(5, 6, 2)));
        }
        assertEntries(entries(1, 6, 2), reopen(dir).entries());
    }

    @Test
    void aSpareWithoutRecordsIsRemovedAndTheNextRollGetsAFreshOne() throws IOException {
        Path dir = tmp.resolve("d");
        writeFour(dir);
        // A crash while the preparer was filling: half a spare, and not even zeros.
        byte[] half = new byte[(int) SEGMENT / 2];
        Arrays.fill(half, (byte) 7);
        Files.write(dir.resolve(SegmentedLogStorage.SPARE), half);
        long last = 4;
        try (SegmentedLogStorage s = open(dir, SEGMENT)) {
            assertEntries(entries(1, 4, 2), s.recover().entries());
            assertEquals(0, s.recoveryReport().tempFilesRemoved(), "the spare is no temp file to report");
            while (segmentFiles(dir).size() < 2) {
                s.persist(append(2, 1, entries(last + 1, last + 10, 2)));
                last += 10;
            }
        }
        Path second = segmentFiles(dir).get(1);
        assertEquals(SEGMENT, Files.size(second), "filled afresh");
        assertEntries(entries(1, last, 2), reopen(dir).entries());
    }

    /** Entries 1..last written across at least two rolls; returns last. */
    static long writeThreeSegments(Path dir) throws IOException {
        long last = 0;
        try (SegmentedLogStorage s = open(dir, SEGMENT)) {
            s.recover();
            while (segmentFiles(dir).size() < 3) {
                s.persist(append(2, 1, entries(last + 1, last + 10, 2)));
                last += 10;
            }
        }
        return last;
    }

    @Test
    void aRollWhoseRenameACrashLostIsFoundUnderTheSpareName() throws IOException {
        Path dir = tmp.resolve("d");
        long last = writeThreeSegments(dir);
        // A roll renames the spare with no directory fsync: the crash kept the old name (and the
        // preparer had not yet made the next spare), but the records written into it are durable.
        Path newest = segmentFiles(dir).get(2);
        Files.deleteIfExists(dir.resolve(SegmentedLogStorage.SPARE));
        Files.move(newest, dir.resolve(SegmentedLogStorage.SPARE));
        try (SegmentedLogStorage s = open(dir, SEGMENT)) {
            assertEntries(entries(1, last, 2), s.recover().entries());
            assertTrue(Files.exists(newest), "renamed back to " + newest.getFileName());
            s.persist(append(2, 1, entries(last + 1, last + 2, 2)));
        }
        assertEntries(entries(1, last + 2, 2), reopen(dir).entries());
    }

    @Test
    void aSpareWhoseRecordsDoNotContinueTheLogIsDamageAndLeftAsFound() throws IOException {
        Path dir = tmp.resolve("d");
        writeThreeSegments(dir);
        List<Path> segs = segmentFiles(dir);
        Path spare = dir.resolve(SegmentedLogStorage.SPARE);
        Files.deleteIfExists(spare);
        Files.move(segs.get(2), spare);
        // The middle segment gone as well: the spare's first record is not the entry after the log's last.
        Files.delete(segs.get(1));
        byte[] before = Files.readAllBytes(spare);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> reopen(dir));
        assertTrue(e.getMessage().contains(SegmentedLogStorage.SPARE) && e.getMessage().contains("was expected"),
                e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(spare), "a refused start keeps the spare as it was");
        assertFalse(Files.exists(segs.get(2)), "and renames nothing");
    }

    /**
     * A follower compacts all it has applied, so its snapshot often ends where its log does. The
     * records after it must go on into the preallocated file, not into a new one grown by every
     * append (whose fdatasyncs commit a new size to the journal each time).
     */
    @Test
    void aSnapshotAtTheLogsEndLeavesTheNextRecordsInThePreallocatedSegment() throws IOException {
        Path dir = tmp.resolve("d");
        long segmentBytes = 1 << 16;
        try (SegmentedLogStorage s = open(dir, segmentBytes)) {
            s.recover();
            s.persist(append(1, 1, entries(1, 5, 1)));
            List<Path> before = segmentFiles(dir);
            assertEquals(1, before.size());
            Object inode = ReusedSegmentTest.inode(before.get(0));
            assertEquals(segmentBytes, Files.size(before.get(0)), "preallocated");
            s.persist(new Update(1, 1, 0, List.of(), new SnapshotData(5, 1, new byte[] {7})));
            s.persist(append(1, 1, entries(6, 8, 1)));
            assertEquals(before, segmentFiles(dir), "records 6-8 continue the segment");
            assertEquals(inode, ReusedSegmentTest.inode(before.get(0)));
            assertEquals(segmentBytes, Files.size(before.get(0)), "the file did not grow");
        }
        Recovered r = reopen(dir);
        assertEquals(5, r.snapshotIndex());
        assertEntries(entries(6, 8, 1), r.entries());
        // A snapshot beyond the log (a follower behind an InstallSnapshot) still starts afresh after it.
        try (SegmentedLogStorage s = open(dir, segmentBytes)) {
            s.recover();
            s.persist(new Update(1, 1, 0, List.of(), new SnapshotData(20, 1, new byte[] {8})));
            s.persist(append(1, 1, entries(21, 22, 1)));
            assertEquals(List.of("00000000000000000021.log"),
                    segmentFiles(dir).stream().map(p -> p.getFileName().toString()).toList());
        }
        r = reopen(dir);
        assertEquals(20, r.snapshotIndex());
        assertEntries(entries(21, 22, 1), r.entries());
    }
}
