package raft.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.core.Entry;
import raft.core.RaftStorage.Recovered;
import raft.core.RaftStorage.SnapshotData;
import raft.core.RaftStorage.Update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class SegmentedLogStorageTest {
    @TempDir
    Path tmp;

    static Entry entry(long index, long term) {
        return new Entry(index, term, ("cmd-" + index + "-" + term).getBytes(StandardCharsets.UTF_8));
    }

    static List<Entry> entries(long from, long to, long term) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(entry(i, term));
        }
        return out;
    }

    static Update append(long term, int vote, List<Entry> es) {
        return new Update(term, vote, 0, es, null);
    }

    static SegmentedLogStorage open(Path dir, long segmentBytes) {
        SegmentedLogStorage s = new SegmentedLogStorage(dir, new SegmentedLogStorage.Options(segmentBytes, true));
        return s;
    }

    /** Opens, recovers, closes: what a restarted node would see. */
    static Recovered reopen(Path dir) {
        try (SegmentedLogStorage s = open(dir, 1 << 20)) {
            return s.recover();
        }
    }

    static void assertEntries(List<Entry> expected, List<Entry> actual) {
        assertEquals(expected.size(), actual.size(), "entry count");
        for (int i = 0; i < expected.size(); i++) {
            Entry e = expected.get(i);
            Entry a = actual.get(i);
            assertEquals(e.index(), a.index(), "index at " + i);
            assertEquals(e.term(), a.term(), "term at " + i);
            assertArrayEquals(e.command(), a.command(), "command at " + i);
        }
    }

    /** Whether bytes[from..to) are all zero: what a torn write's prefix shows of a record. */
    static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    @Test
    void emptyDirectoryRecoversEmptyState() {
        Recovered r = reopen(tmp.resolve("d"));
        assertEquals(0, r.term());
        assertEquals(-1, r.votedFor());
        assertEquals(0, r.snapshotIndex());
        assertNull(r.snapshot());
        assertTrue(r.entries().isEmpty());
    }

    @Test
    void restartRecoversExactlyWhatWasPersisted() {
        Path dir = tmp.resolve("d");
        try (SegmentedLogStorage s = open(dir, 1 << 20)) {
            s.recover();
            s.persist(append(3, 2, entries(1, 5, 3)));
            s.persist(new Update(4, -1, 0, entries(6, 7, 4), null));
        }
        Recovered r = reopen(dir);
        assertEquals(4, r.term());
        assertEquals(-1, r.votedFor());
        List<Entry> expected = new ArrayList<>(entries(1, 5, 3));
        expected.addAll(entries(6, 7, 4));
        assertEntries(expected, r.entries());
    }

    @Test
    void batchesOfEverySizeSurviveTheReusedWriteBuffer() {
        // Small, past the kept buffer (it grows), past the growth cap (a one-off buffer), small again.
        Path dir = tmp.resolve("d");
        List<Entry> expected = new ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        long next = 1;
        try (SegmentedLogStorage s = open(dir, 64 << 20)) {
            s.recover();
            for (int commandBytes : new int[] {10, 100_000, 3 << 20, 6 << 20, 10, 200}) {
                List<Entry> batch = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    byte[] c = new byte[commandBytes / 3 + i];
                    r.nextBytes(c);
                    batch.add(new Entry(next++, 1, c));
                }
                s.persist(append(1, 0, batch));
                expected.addAll(batch);
            }
        }
        assertEntries(expected, reopen(dir).entries());
    }

    @Test
    void oneBatchIsOneFsync() {
        try (SegmentedLogStorage s = open(tmp.resolve("d"), 1 << 20)) {
            s.recover();
            s.persist(append(1, 0, entries(1, 1, 1))); // meta (file + dir), segment creation (dir), one append
            long before = s.syncCount();
            s.persist(append(1, 0, entries(2, 101, 1)));
            assertEquals(before + 1, s.syncCount(), "a 100-entry batch must cost exactly one fsync");
        }
    }

    @Test
    void tornTailIsCutAtEveryByteOffsetOfTheLastRecord() throws IOException {
        Path golden = tmp.resolve("golden");
        try (SegmentedLogStorage s = open(golden, 1 << 20)) {
            s.recover();
            s.persist(append(2, 1, entries(1, 4, 2)));
        }
        Path seg = segmentFiles(golden).get(0);
        byte[] full = Files.readAllBytes(seg);
        int lastStart = full.length - LogRecords.size(entry(4, 2));
        List<Entry> survivors = entries(1, 3, 2);
        for (int keep = 0; keep < full.length - lastStart; keep++) {
            Path dir = copyOf(golden, "cut" + keep);
            Path s = dir.resolve(seg.getFileName());
            Files.write(s, java.util.Arrays.copyOf(full, lastStart + keep));
            // A prefix of zero bytes (the length's high bytes) is indistinguishable from a
            // preallocated segment's fill: the log's end, kept on disk and written over.
            boolean zeros = allZero(full, lastStart, lastStart + keep);
            Recovered r;
            try (SegmentedLogStorage st = open(dir, 1 << 20)) {
                r = st.recover();
                assertEntries(survivors, r.entries());
                if (zeros) {
                    assertNull(st.recoveryReport().tornFile(), "cut " + keep);
                    assertEquals(lastStart + keep, Files.size(s));
                } else {
                    assertEquals(s, st.recoveryReport().tornFile(), "cut " + keep);
                    assertEquals(lastStart, st.recoveryReport().tornOffset());
                    assertEquals(keep, st.recoveryReport().bytesCut());
                    assertTrue(st.recoveryReport().describe().contains("torn tail cut: " + keep + " byte(s) at offset "
                            + lastStart + " of " + s.getFileName()), st.recoveryReport().describe());
                    assertEquals(lastStart, Files.size(s), "the torn bytes are gone from disk");
                }
                // The cut log takes new appends, and they survive the next restart.
                st.persist(append(3, 1, List.of(entry(4, 3))));
            }
            List<Entry> expected = new ArrayList<>(survivors);
            expected.add(entry(4, 3));
            assertEntries(expected, reopen(dir).entries());
        }
    }

    @Test
    void badChecksumInTheLastRecordIsATornTail() throws IOException {
        Path golden = tmp.resolve("golden");
        try (SegmentedLogStorage s = open(golden, 1 << 20)) {
            s.recover();
            s.persist(append(2, 1, entries(1, 4, 2)));
        }
        Path seg = segmentFiles(golden).get(0);
        byte[] full = Files.readAllBytes(seg);
        int lastStart = full.length - LogRecords.size(entry(4, 2));
        for (int at = lastStart; at < full.length; at++) {
            Path dir = copyOf(golden, "flip" + at);
            byte[] bad = full.clone();
            bad[at] ^= 0x40;
            Files.write(dir.resolve(seg.getFileName()), bad);
            assertEntries(entries(1, 3, 2), reopen(dir).entries());
        }
    }

    @Test
    void corruptionBeforeTheTailRefusesToStartNamingFileAndOffset() throws IOException {
        Path dir = tmp.resolve("d");
        try (SegmentedLogStorage s = open(dir, 1 << 20)) {
            s.recover();
            s.persist(append(2, 1, entries(1, 4, 2)));
        }
        Path seg = segmentFiles(dir).get(0);
        byte[] bytes = Files.readAllBytes(seg);
        int second = LogRecords.size(entry(1, 2));
        bytes[second + 20] ^= 1; // inside entry 2's payload; entries 3 and 4 are intact after it
        Files.write(seg, bytes);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> reopen(dir));
        assertTrue(e.getMessage().contains(seg.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("offset " + second), e.getMessage());
        assertEquals(second, e.offset());
        assertArrayEquals(bytes, Files.readAllBytes(seg), "a refused start must not modify the file");
    }

    @Test
    void corruptLengthFieldInTheMiddleIsNotMistakenForATornTail() throws IOException {
        Path dir = tmp.resolve("d");
        try (SegmentedLogStorage s = open(dir, 1 << 20)) {
            s.recover();
            s.persist(append(2, 1, entries(1, 4, 2)));
        }
        Path seg = segmentFiles(dir).get(0);
        byte[] bytes = Files.readAllBytes(seg);
        bytes[0] = 0x7f; // entry 1's length now points far past the end of the file
        Files.write(seg, bytes);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> reopen(dir));
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().contains("valid record follows"), e.getMessage());
    }

    @Test
    void damageInASegmentThatIsNotTheLastRefusesToStart() throws IOException {
        Path dir = tmp.resolve("d");
        try (SegmentedLogStorage s = open(dir, 100)) {
            s.recover();
            s.persist(append(1, 0, entries(1, 10, 1)));
        }
        List<Path> segs = segmentFiles(dir);
        assertTrue(segs.size() >= 3, "small segments roll: " + segs);
        Path first = segs.get(0);
        byte[] bytes = Files.readAllBytes(first);
        Files.write(first, java.util.Arrays.copyOf(bytes, bytes.length - 3)); // torn, but not at the tail of the log
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> reopen(dir));
        assertEquals(first, e.file());
    }

    @Test
    void missingSegmentRefusesToStart() throws IOException {
        Path dir = tmp.resolve("d");
        try (SegmentedLogStorage s = open(dir, 100)) {
            s.recover();
            s.persist(append(1, 0, entries(1, 10, 1)));
        }
        List<Path> segs = segmentFiles(dir);
        Files.delete(segs.get(1));
        Path last = segs.get(segs.size() - 1);
        Files.write(last, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND); // and a torn tail
        byte[] before = Files.readAllBytes(last);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> reopen(dir));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(last), "a refused start repairs nothing, not even the tail");
    }

    @Test
    void entryTermsGoingBackwardsRefuseToStart() throws IOException {
        Path dir = tmp.resolve("d");
        try (SegmentedLogStorage s = open(dir, 1 << 20)) {
            s.recover();
            s.persist(append(3, 0, entries(1, 2, 3)));
            s.persist(append(3, 0, entries(3, 3, 1))); // no Raft log looks like this
        }
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> reopen(dir));
        assertEquals(2L * LogRecords.size(entry(1, 3)), e.offset());
        assertTrue(e.getMessage().contains("lower than the term"), e.getMessage());
    }

    @Test
    void damagedMetaOrSnapshotRefusesToStart() throws IOException {
        Path dir = tmp.resolve("d");
        try (SegmentedLogStorage s = open(dir, 1 << 20)) {
            s.recover();
            s.persist(new Update(5, 2, 0, entries(1, 3, 5), new SnapshotData(2, 5, new byte[] {1, 2, 3})));
        }
        for (String name : List.of("meta", "snapshot")) {
            Path copy = copyOf(dir, "bad-" + name);
            byte[] b = Files.readAllBytes(copy.resolve(name));
            b[6] ^= 8;
            Files.write(copy.resolve(name), b);
            StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> reopen(copy));
            assertEquals(copy.resolve(name), e.file());
        }
    }

    @Test
    void crashBetweenWriteAndRenameKeepsTheOldMetaAndSnapshot() throws IOException {
        Path dir = tmp.resolve("d");
        try (SegmentedLogStorage s = open(dir, 1 << 20)) {
            s.recover();
            s.persist(new Update(5, 2, 0, entries(1, 3, 5), new SnapshotData(2, 5, new byte[] {1, 2, 3})));
        }
        // What a crash after write (complete or partial) but before rename leaves behind.
        Files.write(dir.resolve("meta.tmp"), new byte[] {9, 9, 9});
        Files.write(dir.resolve("snapshot.tmp"), new byte[] {7});
        try (SegmentedLogStorage s = open(dir, 1 << 20)) {
            Recovered r = s.recover();
            assertEquals(5, r.term());
            assertEquals(2, r.votedFor());
            assertEquals(2, r.snapshotIndex());
            assertArrayEquals(new byte[] {1, 2, 3}, r.snapshot());
            assertEntries(List.of(entry(3, 5)), r.entries());
            assertEquals(2, s.recoveryReport().tempFilesRemoved());
        }
        assertFalse(Files.exists(dir.resolve("meta.tmp")));
        assertFalse(Files.exists(dir.resolve("snapshot.tmp")));
    }

    @Test
    void completeTempFileNotYetRenamedIsIgnoredNotAdopted() throws IOException {
        Path dir = tmp.resolve("d");
        try (SegmentedLogStorage s = open(dir, 1 << 20)) {
            s.recover();
            s.persist(append(5, 2, List.of()));
        }
        // A fully written, valid next version of meta that never got renamed: the update never returned.
        Path other = tmp.resolve("other");
        try (SegmentedLogStorage s = open(other, 1 << 20)) {
            s.recover();
            s.persist(append(9, 1, List.of()));
        }
        Files.copy(other.resolve("meta"), dir.resolve("meta.tmp"));
        Recovered r = reopen(dir);
        assertEquals(5, r.term());
        assertEquals(2, r.votedFor());
    }

    @Test
    void truncationThenAppend() {
        Path dir = tmp.resolve("d");
        try (SegmentedLogStorage s = open(dir, 1 << 20)) {
            s.recover();
            s.persist(append(1, 0, entries(1, 10, 1)));
            s.persist(new Update(2, 1, 6, entries(6, 8, 2), null));
        }
        List<Entry> expected = new ArrayList<>(entries(1, 5, 1));
        expected.addAll(entries(6, 8, 2));
        assertEntries(expected, reopen(dir).entries());
    }

    @Test
    void truncationAcrossSegmentsDeletesLaterSegments() throws IOException {
        Path dir = tmp.resolve("d");
        try (SegmentedLogStorage s = open(dir, 100)) {
            s.recover();
            s.persist(append(1, 0, entries(1, 20, 1)));
            int before = segmentFiles(dir).size();
            s.persist(new Update(2, 0, 3, List.of(), null));
            assertTrue(segmentFiles(dir).size() < before);
            s.persist(new Update(2, 0, 0, entries(3, 4, 2), null));
        }
        List<Entry> expected = new ArrayList<>(entries(1, 2, 1));
        expected.addAll(entries(3, 4, 2));
        assertEntries(expected, reopen(dir).entries());
    }

    @Test
    void snapshotDeletesCoveredSegmentsAndRestartResumesFromIt() throws IOException {
        Path dir = tmp.resolve("d");
        try (SegmentedLogStorage s = open(dir, 100)) {
            s.recover();
            s.persist(append(1, 0, entries(1, 50, 1)));
            int before = segmentFiles(dir).size();
            s.persist(new Update(1, 0, 0, List.of(), new SnapshotData(30, 1, "state@30".getBytes(StandardCharsets.UTF_8))));
            List<Path> after = segmentFiles(dir);
            assertTrue(after.size() < before, "covered segments deleted");
            long firstKept = Segment.parseFirstIndex(after.get(0).getFileName().toString());
            assertTrue(firstKept <= 31, "the segment holding entry 31 is kept: " + after);
            s.persist(append(1, 0, entries(51, 55, 1)));
        }
        Recovered r = reopen(dir);
        assertEquals(30, r.snapshotIndex());
        assertEquals(1, r.snapshotTerm());
        assertArrayEquals("state@30".getBytes(StandardCharsets.UTF_8), r.snapshot());
        assertEntries(entries(31, 55, 1), r.entries());
    }

    @Test
    void snapshotBeyondTheLogDropsEverythingAndAppendsContinueAfterIt() throws IOException {
        Path dir = tmp.resolve("d");
        try (SegmentedLogStorage s = open(dir, 1 << 20)) {
            s.recover();
            s.persist(append(1, 0, entries(1, 5, 1)));
            s.persist(new Update(3, -1, 0, List.of(), new SnapshotData(20, 3, new byte[] {42})));
            assertTrue(segmentFiles(dir).isEmpty());
        }
        try (SegmentedLogStorage s = open(dir, 1 << 20)) {
            Recovered r = s.recover();
            assertEquals(20, r.snapshotIndex());
            assertTrue(r.entries().isEmpty());
            s.persist(append(3, -1, entries(21, 22, 3)));
        }
        assertEntries(entries(21, 22, 3), reopen(dir).entries());
    }

    @Test
    void segmentLeftBehindByACrashAfterSnapshotIsRemovedAtRecovery() throws IOException {
        Path dir = tmp.resolve("d");
        Path saved = tmp.resolve("saved");
        Files.createDirectories(saved);
        try (SegmentedLogStorage s = open(dir, 100)) {
            s.recover();
            s.persist(append(1, 0, entries(1, 20, 1)));
            Path first = segmentFiles(dir).get(0);
            Files.copy(first, saved.resolve(first.getFileName()));
            s.persist(new Update(1, 0, 0, List.of(), new SnapshotData(15, 1, new byte[] {5})));
        }
        try (Stream<Path> ps = Files.list(saved)) {
            for (Path p : ps.toList()) {
                Files.copy(p, dir.resolve(p.getFileName())); // the deletion "did not happen"
            }
        }
        try (SegmentedLogStorage s = open(dir, 100)) {
            Recovered r = s.recover();
            assertEntries(entries(16, 20, 1), r.entries());
            SegmentedLogStorage.RecoveryReport report = s.recoveryReport();
            assertEquals(1, report.coveredSegmentsRemoved());
            assertTrue(report.segmentsFound() > 1, "segments found: " + report.segmentsFound());
            assertTrue(report.describe().startsWith("recovered " + report.segmentsFound()
                    + " segment file(s), entries 16..20, snapshot through 15; 1 segment(s) covered"), report.describe());
        }
    }

    @Test
    void appendMustContinueTheLog() {
        try (SegmentedLogStorage s = open(tmp.resolve("d"), 1 << 20)) {
            s.recover();
            s.persist(append(1, 0, entries(1, 3, 1)));
            assertThrows(IllegalArgumentException.class, () -> s.persist(append(1, 0, entries(5, 5, 1))));
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() {
        Path dir = tmp.resolve("d");
        try (SegmentedLogStorage s = open(dir, 1 << 20)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> open(dir, 1 << 20));
            assertTrue(e.getMessage().contains(s.directory().toString()), e.getMessage());
        }
    }

    @Test
    void fsyncProbeReportsOrderedPercentiles() throws IOException {
        FsyncProbe.Result r = FsyncProbe.measure(tmp, 20);
        assertEquals(20, r.samples());
        assertTrue(r.p50Micros() > 0 && r.p50Micros() <= r.p99Micros() && r.p99Micros() <= r.maxMicros(), r.toString());
        FsyncProbe.Result log = FsyncProbe.measureLogAppend(tmp, 20);
        assertEquals(20, log.samples());
        assertTrue(log.p50Micros() > 0 && log.p50Micros() <= log.p99Micros(), log.toString());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "the probes clean up after themselves");
        }
    }

    @Test
    void fsyncProbeWithWritersAtOnceCountsEveryFsync() throws Exception {
        FsyncProbe.Shared s = FsyncProbe.measureShared(tmp, 3, 10);
        assertEquals(3, s.writers());
        assertEquals(30, s.latency().samples());
        assertTrue(s.latency().p50Micros() > 0 && s.latency().p50Micros() <= s.latency().p99Micros(), s.toString());
        assertTrue(s.fsyncsPerSecond() > 0, s.toString());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "every writer removes its scratch file");
        }
        assertThrows(IllegalArgumentException.class, () -> FsyncProbe.measureShared(tmp, 0, 10));
    }

    private Path copyOf(Path src, String name) throws IOException {
        return copyDir(src, tmp.resolve(name));
    }

    /** A node's directory as a crash would leave it for a restart: everything but the LOCK. */
    static Path copyDir(Path src, Path dst) throws IOException {
        Files.createDirectories(dst);
        try (Stream<Path> ps = Files.list(src)) {
            for (Path p : ps.toList()) {
                if (!p.getFileName().toString().equals("LOCK")) {
                    Files.copy(p, dst.resolve(p.getFileName()));
                }
            }
        }
        return dst;
    }
}
