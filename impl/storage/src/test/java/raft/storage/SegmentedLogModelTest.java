package raft.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.core.Entry;
import raft.core.RaftStorage.Recovered;
import raft.core.RaftStorage.SnapshotData;
import raft.core.RaftStorage.Update;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random updates (appends, truncations, snapshots inside and beyond the log, term and
 * vote changes) against an in-memory model, with restarts and torn tails from
 * unacknowledged writes thrown in; after every restart the storage must recover
 * exactly the model. Tiny segments so rolls and deletions happen constantly. A failure
 * names its seed; rerun with -Dstorage.seed=N.
 */
class SegmentedLogModelTest {
    @TempDir
    Path tmp;

    /** What the contract says survives: the result of every acknowledged persist(). */
    static final class Model {
        long term;
        int vote = -1;
        long snapIndex;
        long snapTerm;
        byte[] snapshot;
        final List<Entry> entries = new ArrayList<>();

        long lastIndex() {
            return entries.isEmpty() ? snapIndex : entries.get(entries.size() - 1).index();
        }

        void apply(Update u) {
            term = u.term();
            vote = u.votedFor();
            if (u.truncateFrom() > 0) {
                entries.removeIf(e -> e.index() >= u.truncateFrom());
            }
            entries.addAll(u.append());
            if (u.snapshot() != null) {
                SnapshotData s = u.snapshot();
                if (s.index() >= lastIndex()) {
                    entries.clear();
                } else {
                    entries.removeIf(e -> e.index() <= s.index());
                }
                snapIndex = s.index();
                snapTerm = s.term();
                snapshot = s.data();
            }
        }
    }

    @Test
    void randomHistoriesRecoverExactlyAfterEveryRestart() throws IOException {
        String fixed = System.getProperty("storage.seed");
        long[] seeds = fixed != null ? new long[] {Long.parseLong(fixed)} : new long[] {1, 2, 3, 4};
        for (long seed : seeds) {
            try {
                run(seed, tmp.resolve("seed-" + seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("storage model test failed with seed " + seed
                        + " (rerun: -Dstorage.seed=" + seed + "): " + e.getMessage(), e);
            }
        }
    }

    private void run(long seed, Path dir) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        Model model = new Model();
        SegmentedLogStorage.Options opts = new SegmentedLogStorage.Options(200 + rnd.nextInt(400), false);
        SegmentedLogStorage s = new SegmentedLogStorage(dir, opts);
        check(model, s.recover());
        for (int step = 0; step < 400; step++) {
            int dice = rnd.nextInt(100);
            if (dice < 8) {
                s.close();
                if (dice < 4) {
                    tearTail(dir, rnd);
                }
                s = new SegmentedLogStorage(dir, opts);
                check(model, s.recover());
                continue;
            }
            Update u = randomUpdate(model, rnd);
            s.persist(u);
            model.apply(u);
        }
        s.close();
        try (SegmentedLogStorage last = new SegmentedLogStorage(dir, opts)) {
            check(model, last.recover());
        }
    }

    private static Update randomUpdate(Model m, SplittableRandom rnd) {
        long term = m.term + (rnd.nextInt(10) == 0 ? 1 : 0);
        int vote = rnd.nextInt(8) == 0 ? rnd.nextInt(-1, 3) : m.vote;
        long truncateFrom = 0;
        long next = m.lastIndex() + 1;
        if (m.lastIndex() > m.snapIndex && rnd.nextInt(6) == 0) {
            truncateFrom = rnd.nextLong(m.snapIndex + 1, m.lastIndex() + 1);
            next = truncateFrom;
        }
        List<Entry> append = new ArrayList<>();
        int n = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1, 12);
        for (int i = 0; i < n; i++) {
            byte[] cmd = new byte[rnd.nextInt(0, 60)];
            rnd.nextBytes(cmd);
            append.add(new Entry(next + i, term, cmd));
        }
        SnapshotData snap = null;
        long lastAfter = n > 0 ? next + n - 1 : (truncateFrom > 0 ? truncateFrom - 1 : m.lastIndex());
        if (rnd.nextInt(12) == 0) {
            long hi = lastAfter + (rnd.nextInt(4) == 0 ? 5 : 0); // sometimes beyond the log (InstallSnapshot)
            if (hi > m.snapIndex) {
                long at = rnd.nextLong(m.snapIndex + 1, hi + 1);
                byte[] data = new byte[rnd.nextInt(0, 100)];
                rnd.nextBytes(data);
                snap = new SnapshotData(at, term, data);
            }
        }
        return new Update(term, vote, truncateFrom, append, snap);
    }

    /** A crash in the middle of an append that was never acknowledged: part of a record, or junk. */
    private static void tearTail(Path dir, SplittableRandom rnd) throws IOException {
        List<Path> segs;
        try (Stream<Path> ps = Files.list(dir)) {
            segs = ps.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
        if (segs.isEmpty()) {
            return;
        }
        Path last = segs.get(segs.size() - 1);
        byte[] junk;
        if (rnd.nextBoolean()) {
            Entry e = new Entry(1_000_000, 1, new byte[rnd.nextInt(1, 40)]);
            ByteBuffer b = ByteBuffer.allocate(LogRecords.size(e));
            LogRecords.write(b, e);
            junk = java.util.Arrays.copyOf(b.array(), rnd.nextInt(1, b.capacity()));
        } else {
            junk = new byte[rnd.nextInt(1, 30)]; // zeros: a file extended but never written
        }
        Files.write(last, junk, StandardOpenOption.APPEND);
    }

    private static void check(Model m, Recovered r) {
        assertEquals(m.term, r.term(), "term");
        assertEquals(m.vote, r.votedFor(), "votedFor");
        assertEquals(m.snapIndex, r.snapshotIndex(), "snapshot index");
        assertEquals(m.snapTerm, r.snapshotTerm(), "snapshot term");
        assertArrayEquals(m.snapshot, r.snapshot(), "snapshot data");
        assertEquals(m.entries.size(), r.entries().size(), "entry count");
        for (int i = 0; i < m.entries.size(); i++) {
            Entry want = m.entries.get(i);
            Entry got = r.entries().get(i);
            assertEquals(want.index(), got.index(), "index");
            assertEquals(want.term(), got.term(), "term of entry " + want.index());
            assertArrayEquals(want.command(), got.command(), "command of entry " + want.index());
        }
    }
}
