package raft.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.core.Entry;
import raft.core.RaftStorage.SnapshotData;
import raft.core.RaftStorage.Update;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static raft.storage.PreallocatedSegmentTest.SEGMENT;
import static raft.storage.PreallocatedSegmentTest.open;
import static raft.storage.PreallocatedSegmentTest.reopen;
import static raft.storage.SegmentedLogStorageTest.append;
import static raft.storage.SegmentedLogStorageTest.assertEntries;
import static raft.storage.SegmentedLogStorageTest.entries;
import static raft.storage.SegmentedLogStorageTest.segmentFiles;

/**
 * A segment the snapshot emptied becomes a later segment without a fill: its earlier records stay
 * in the file after the new ones, and recovery must read neither them as the log nor damage in
 * front of good records as the log's end.
 */
class ReusedSegmentTest {
    @TempDir
    Path tmp;

    /**
     * A directory whose last segment is a reused file, the entries the log holds, and the file's
     * bytes from its earlier life (non-zero where the log now ends: zeros there by chance, the
     * old records' index and term fields are full of them, would read as the end anyway).
     */
    record Reused(Path dir, Path segment, long snapshotIndex, long last, byte[] old) {}

    static Object inode(Path p) throws IOException {
        return Files.getAttribute(p, "unix:ino");
    }

    /** Three segments, a snapshot that covers the first, then appends until a roll reuses it. */
    Reused writeIntoAReusedSegment(String name) throws IOException {
        Path dir = tmp.resolve(name);
        long last = PreallocatedSegmentTest.writeThreeSegments(dir);
        List<Path> segs = segmentFiles(dir);
        Object firstInode = inode(segs.get(0));
        byte[] old = Files.readAllBytes(segs.get(0));
        long covered = Segment.parseFirstIndex(segs.get(1).getFileName().toString()) - 1;
        try (SegmentedLogStorage s = open(dir, SEGMENT)) {
            s.recover();
            s.persist(new Update(2, 1, 0, List.of(), new SnapshotData(covered, 2, new byte[] {9})));
            assertFalse(Files.exists(segs.get(0)), "covered");
            assertTrue(Files.exists(dir.resolve(SegmentedLogStorage.REUSABLE)), "kept for reuse");
            for (int rolls = 0; rolls < 4; rolls++) {
                for (Path p : segmentFiles(dir)) {
                    if (inode(p).equals(firstInode)) {
                        do {
                            s.persist(append(2, 1, entries(last + 1, last + 1, 2)));
                            last++;
                        } while (ByteBuffer.wrap(old).getInt(recordsEnd(p)) == 0);
                        return new Reused(dir, p, covered, last, old);
                    }
                }
                int before = segmentFiles(dir).size();
                while (segmentFiles(dir).size() == before) {
                    s.persist(append(2, 1, entries(last + 1, last + 10, 2)));
                    last += 10;
                }
            }
        }
        throw new AssertionError("no roll reused the covered segment's file");
    }

    static int recordsEnd(Path segment) throws IOException {
        Segment seg = new Segment(segment, Segment.parseFirstIndex(segment.getFileName().toString()), FileIo.DEFAULT);
        SegmentScanner.scan(seg, true, new ArrayList<>());
        return (int) seg.size();
    }

    @Test
    void aRollReusesTheFileTheSnapshotEmptiedAndItsOldRecordsAreNotReadAsTheLog() throws IOException {
        Reused r = writeIntoAReusedSegment("d");
        byte[] bytes = Files.readAllBytes(r.segment());
        int end = recordsEnd(r.segment());
        assertNotEquals(0, ByteBuffer.wrap(r.old()).getInt(end), "an earlier record's bytes were here");
        assertEquals(0, ByteBuffer.wrap(bytes).getInt(end), "an end marker after the last record");
        assertArrayEquals(java.util.Arrays.copyOfRange(r.old(), end + LogRecords.END_MARKER, r.old().length),
                java.util.Arrays.copyOfRange(bytes, end + LogRecords.END_MARKER, bytes.length),
                "the file's earlier records are still after it");
        try (SegmentedLogStorage s = open(r.dir(), SEGMENT)) {
            assertEntries(entries(r.snapshotIndex() + 1, r.last(), 2), s.recover().entries());
            assertNull(s.recoveryReport().tornFile(), "the old records are no torn tail");
            // Appends after a restart end with a marker too: the next restart finds exactly them.
            s.persist(append(2, 1, entries(r.last() + 1, r.last() + 2, 2)));
        }
        assertEntries(entries(r.snapshotIndex() + 1, r.last() + 2, 2), reopen(r.dir()).entries());
    }

    @Test
    void aTornAppendOverTheOldRecordsIsCut() throws IOException {
        Reused r = writeIntoAReusedSegment("d");
        byte[] bytes = Files.readAllBytes(r.segment());
        int end = recordsEnd(r.segment());
        bytes[end - 1] ^= 0x55;   // the last record's command: its checksum no longer matches
        Files.write(r.segment(), bytes);
        try (SegmentedLogStorage s = open(r.dir(), SEGMENT)) {
            assertEntries(entries(r.snapshotIndex() + 1, r.last() - 1, 2), s.recover().entries());
            assertEquals(r.segment(), s.recoveryReport().tornFile());
            s.persist(append(3, 1, entries(r.last(), r.last() + 1, 3)));
        }
        List<Entry> expected = new ArrayList<>(entries(r.snapshotIndex() + 1, r.last() - 1, 2));
        expected.addAll(entries(r.last(), r.last() + 1, 3));
        assertEntries(expected, reopen(r.dir()).entries());
    }

    @Test
    void aZeroedLengthInFrontOfGoodRecordsIsDamageNotTheEnd() throws IOException {
        Reused r = writeIntoAReusedSegment("d");
        byte[] bytes = Files.readAllBytes(r.segment());
        // The first record's length field zeroed: it reads like an end marker, but records of
        // this segment's own range follow it, among the file's older ones.
        bytes[0] = bytes[1] = bytes[2] = bytes[3] = 0;
        Files.write(r.segment(), bytes);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> reopen(r.dir()));
        assertEquals(r.segment(), e.file());
        assertTrue(e.getMessage().contains("valid record follows"), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(r.segment()), "a refused start must not modify the file");
    }

    @Test
    void aRecordOlderThanItsSegmentEndsIt() throws IOException {
        // A reused file whose end marker a crash lost: what follows the last record is a whole
        // record from the file's earlier life, with an index below the segment's first.
        Path dir = tmp.resolve("d");
        PreallocatedSegmentTest.writeFour(dir);
        Path old = segmentFiles(dir).get(0);
        Path later = dir.resolve(Segment.fileName(5));
        Files.copy(old, later);
        try (SegmentedLogStorage s = open(dir, SEGMENT)) {
            assertEntries(entries(1, 4, 2), s.recover().entries());
            assertEquals(1, s.recoveryReport().emptySegments());
            assertNull(s.recoveryReport().tornFile());
            s.persist(append(2, 1, entries(5, 6, 2)));
        }
        assertEntries(entries(1, 6, 2), reopen(dir).entries());
    }

    @Test
    void aFileKeptForReuseWhenACrashCameIsRemovedAtStart() throws IOException {
        Path dir = tmp.resolve("d");
        PreallocatedSegmentTest.writeFour(dir);
        Files.copy(segmentFiles(dir).get(0), dir.resolve(SegmentedLogStorage.REUSABLE));
        assertEntries(entries(1, 4, 2), reopen(dir).entries());
        assertFalse(Files.exists(dir.resolve(SegmentedLogStorage.REUSABLE)));
    }
}
