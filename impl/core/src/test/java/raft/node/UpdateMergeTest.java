package raft.node;

import org.junit.jupiter.api.Test;
import raft.core.Entry;
import raft.core.RaftStorage.Update;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class UpdateMergeTest {
    /** Applies u to a log the way RaftStorage documents it; returns the new log. */
    private static List<Entry> apply(List<Entry> log, Update u) {
        List<Entry> out = new ArrayList<>(log);
        if (u.truncateFrom() > 0) {
            out.removeIf(e -> e.index() >= u.truncateFrom());
        }
        for (Entry e : u.append()) {
            if (e.index() != out.size() + 1) {
                throw new AssertionError("append of " + e.index() + " onto a log of " + out.size() + " in " + u);
            }
            out.add(e);
        }
        return out;
    }

    private static Entry e(long i, long t) {
        return new Entry(i, t, new byte[]{(byte) i, (byte) t});
    }

    /**
     * Random update sequences shaped like RaftCore's output (an append starts at the log's
     * end, or truncates at its first index); merging any two neighbours must not change
     * the final log, term or vote.
     */
    @Test
    void mergedUpdatesLeaveTheSameStateAsSequentialOnes() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int round = 0; round < 20_000; round++) {
            List<Entry> base = new ArrayList<>();
            int n = rnd.nextInt(5);
            for (int i = 1; i <= n; i++) {
                base.add(e(i, 1));
            }
            List<Entry> log = base;
            List<Update> us = new ArrayList<>();
            long term = 1;
            for (int k = 0; k < 2; k++) {
                int kind = rnd.nextInt(3);
                term += rnd.nextInt(2);
                List<Entry> app = new ArrayList<>();
                long truncate = 0;
                long from = log.size() + 1;
                if (kind == 1 && !log.isEmpty()) {
                    from = 1 + rnd.nextInt(log.size());
                    truncate = from;
                }
                if (kind != 2) {
                    int m = rnd.nextInt(4);
                    for (int j = 0; j < m; j++) {
                        app.add(e(from + j, term + 10 * (k + 1)));
                    }
                }
                Update u = new Update(term, rnd.nextInt(3) - 1, truncate, app, null);
                us.add(u);
                log = apply(log, u);
            }
            Update merged = UpdateMerge.merge(us.get(0), us.get(1));
            assertEquals(log, apply(base, merged), "round " + round + ": " + us + " merged to " + merged);
            assertEquals(us.get(1).term(), merged.term());
            assertEquals(us.get(1).votedFor(), merged.votedFor());
        }
    }

    @Test
    void truncationBelowTheFirstUpdateReachesStoredEntries() {
        Update a = new Update(2, -1, 0, List.of(e(4, 2)), null);
        Entry x = e(2, 3);
        Update b = new Update(3, -1, 2, List.of(x), null);
        Update m = UpdateMerge.merge(a, b);
        assertEquals(2, m.truncateFrom());
        assertEquals(List.of(x), m.append());
    }

    @Test
    void snapshotsAreNotMerged() {
        Update a = new Update(1, -1, 0, List.of(), new raft.core.RaftStorage.SnapshotData(1, 1, new byte[0]));
        Update b = new Update(1, -1, 0, List.of(), null);
        assertFalse(UpdateMerge.canMerge(a, b));
        assertThrows(IllegalArgumentException.class, () -> UpdateMerge.merge(a, b));
    }
}
