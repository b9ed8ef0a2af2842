package raft.persister;

import raft.core.RaftStorage;
import org.junit.jupiter.api.Test;
import raft.core.Entry;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PersisterStorageTest {
    private static Entry e(long i, long t) {
        return new Entry(i, t, new byte[]{(byte) i});
    }

    private static List<Long> indices(RaftStorage.Recovered r) {
        return r.entries().stream().map(Entry::index).toList();
    }

    @Test
    void emptyPersisterRecoversEmpty() {
        RaftStorage.Recovered r = new PersisterStorage(new MemoryPersister()).recover();
        assertEquals(0, r.term());
        assertEquals(-1, r.votedFor());
        assertEquals(0, r.snapshotIndex());
        assertNull(r.snapshot());
        assertTrue(r.entries().isEmpty());
    }

    @Test
    void hardStateAppendTruncateRoundTrip() {
        MemoryPersister p = new MemoryPersister();
        PersisterStorage s = new PersisterStorage(p);
        s.recover();
        s.persist(new RaftStorage.Update(1, -1, 0, List.of(e(1, 1), e(2, 1), e(3, 1)), null));
        s.persist(new RaftStorage.Update(2, 0, 2, List.of(e(2, 2)), null));
        RaftStorage.Recovered r = new PersisterStorage(p.copy()).recover();
        assertEquals(2, r.term());
        assertEquals(0, r.votedFor());
        assertEquals(List.of(1L, 2L), indices(r));
        assertEquals(2, r.entries().get(1).term());
    }

    @Test
    void snapshotKeepsMatchingSuffixAndSnapshotBytes() {
        MemoryPersister p = new MemoryPersister();
        PersisterStorage s = new PersisterStorage(p);
        s.recover();
        s.persist(new RaftStorage.Update(1, 0, 0, List.of(e(1, 1), e(2, 1), e(3, 1), e(4, 1)), null));
        s.persist(new RaftStorage.Update(1, 0, 0, List.of(), new RaftStorage.SnapshotData(2, 1, new byte[]{42})));
        RaftStorage.Recovered r = new PersisterStorage(p.copy()).recover();
        assertEquals(2, r.snapshotIndex());
        assertEquals(1, r.snapshotTerm());
        assertArrayEquals(new byte[]{42}, r.snapshot());
        assertEquals(List.of(3L, 4L), indices(r));
        // A later persist without a snapshot must keep the snapshot (lab TestSnapshotInit2D).
        PersisterStorage s2 = new PersisterStorage(p);
        s2.recover();
        s2.persist(new RaftStorage.Update(2, -1, 0, List.of(e(5, 2)), null));
        RaftStorage.Recovered r2 = new PersisterStorage(p.copy()).recover();
        assertArrayEquals(new byte[]{42}, r2.snapshot());
        assertEquals(List.of(3L, 4L, 5L), indices(r2));
    }

    @Test
    void snapshotBeyondLogDropsEverything() {
        MemoryPersister p = new MemoryPersister();
        PersisterStorage s = new PersisterStorage(p);
        s.recover();
        s.persist(new RaftStorage.Update(1, 0, 0, List.of(e(1, 1), e(2, 1)), null));
        s.persist(new RaftStorage.Update(3, -1, 1, List.of(), new RaftStorage.SnapshotData(10, 3, new byte[]{1})));
        RaftStorage.Recovered r = new PersisterStorage(p.copy()).recover();
        assertEquals(10, r.snapshotIndex());
        assertTrue(r.entries().isEmpty());
        s.persist(new RaftStorage.Update(3, -1, 0, List.of(e(11, 3)), null));
        assertEquals(List.of(11L), indices(new PersisterStorage(p.copy()).recover()));
    }

    @Test
    void stateStaysSmallWithSnapshotsEveryTenEntries() {
        MemoryPersister p = new MemoryPersister();
        PersisterStorage s = new PersisterStorage(p);
        s.recover();
        for (long i = 1; i <= 300; i++) {
            s.persist(new RaftStorage.Update(7, 2, 0, List.of(new Entry(i, 7, new byte[8])), null));
            if (i % 10 == 9) {
                s.persist(new RaftStorage.Update(7, 2, 0, List.of(), new RaftStorage.SnapshotData(i, 7, new byte[500])));
            }
            assertTrue(p.raftStateSize() < 200, "state " + p.raftStateSize() + " bytes at " + i);
        }
    }

    @Test
    void corruptStateIsReportedNotRead() {
        MemoryPersister p = new MemoryPersister();
        PersisterStorage s = new PersisterStorage(p);
        s.recover();
        s.persist(new RaftStorage.Update(1, 0, 0, List.of(e(1, 1)), null));
        byte[] st = p.readRaftState();
        p.save(java.util.Arrays.copyOf(st, st.length - 1), null);
        assertThrows(CorruptStateException.class, () -> new PersisterStorage(p).recover());
        p.save(new byte[]{9, 9, 9}, null);
        CorruptStateException e = assertThrows(CorruptStateException.class, () -> new PersisterStorage(p).recover());
        assertTrue(e.getMessage().contains("version"), e.getMessage());
    }

    @Test
    void memoryPersisterCopyIsIndependent() {
        MemoryPersister p = new MemoryPersister();
        p.save(new byte[]{1}, new byte[]{2});
        MemoryPersister c = p.copy();
        p.save(new byte[]{3}, new byte[]{4});
        assertArrayEquals(new byte[]{1}, c.readRaftState());
        assertArrayEquals(new byte[]{2}, c.readSnapshot());
        assertEquals(1, c.raftStateSize());
    }

    /** A persister that keeps the whole state in one array (the interface's default splice) and counts bytes handed over. */
    private static final class ArrayPersister implements Persister {
        byte[] state = new byte[0], snap = new byte[0];
        long bytesIn;

        @Override
        public void save(byte[] raftState, byte[] snapshot) {
            state = raftState.clone();
            bytesIn += raftState.length;
            if (snapshot != null) {
                snap = snapshot.clone();
            }
        }

        @Override
        public void splice(byte[] head, int keep, byte[] tail) {
            long before = bytesIn;
            Persister.super.splice(head, keep, tail);
            bytesIn = before + head.length + tail.length;
        }

        @Override
        public byte[] readRaftState() {
            return state.clone();
        }

        @Override
        public byte[] readSnapshot() {
            return snap.clone();
        }

        @Override
        public int raftStateSize() {
            return state.length;
        }

        @Override
        public int snapshotSize() {
            return snap.length;
        }
    }

    @Test
    void aPersistHandsOverOnlyWhatChangedNotTheWholeLog() {
        ArrayPersister p = new ArrayPersister();
        PersisterStorage s = new PersisterStorage(p);
        s.recover();
        for (long i = 1; i <= 2000; i++) {
            long before = p.bytesIn;
            s.persist(new RaftStorage.Update(1, 0, 0, List.of(new Entry(i, 1, new byte[10])), null));
            if (i > 1) {
                assertTrue(p.bytesIn - before < 64, "append of entry " + i + " handed over " + (p.bytesIn - before)
                        + " bytes; the state is " + p.raftStateSize());
            }
        }
        assertTrue(p.raftStateSize() > 2000 * 10, "the log is all there: " + p.raftStateSize());
        assertEquals(2000, new PersisterStorage(p).recover().entries().size());
    }

    /** Random appends, truncations, term changes and snapshots: what recovers is what a plain list model says. */
    @Test
    void randomUpdatesRecoverAsTheModelSays() {
        for (long seed = 1; seed <= 30; seed++) {
            java.util.Random rnd = new java.util.Random(seed);
            for (boolean memory : new boolean[]{true, false}) {
                Persister p = memory ? new MemoryPersister() : new ArrayPersister();
                PersisterStorage s = new PersisterStorage(p);
                s.recover();
                List<Entry> model = new java.util.ArrayList<>();
                long snapIndex = 0, snapTerm = 0, term = 1;
                for (int step = 0; step < 200; step++) {
                    long last = snapIndex + model.size();
                    int kind = rnd.nextInt(10);
                    long truncate = 0;
                    List<Entry> add = new java.util.ArrayList<>();
                    RaftStorage.SnapshotData snap = null;
                    if (kind < 2 && !model.isEmpty()) {
                        truncate = snapIndex + 1 + rnd.nextInt(model.size());
                        model.subList((int) (truncate - snapIndex - 1), model.size()).clear();
                        last = truncate - 1;
                        term++;
                    } else if (kind == 2 && !model.isEmpty()) {
                        int at = rnd.nextInt(model.size());
                        snap = new RaftStorage.SnapshotData(snapIndex + 1 + at, model.get(at).term(), new byte[]{(byte) step});
                        model.subList(0, at + 1).clear();
                        snapIndex = snap.index();
                        snapTerm = snap.term();
                    }
                    if (snap == null) {
                        for (int k = rnd.nextInt(4); k > 0; k--) {
                            Entry e = new Entry(++last, term, new byte[rnd.nextInt(300)]);
                            add.add(e);
                            model.add(e);
                        }
                    }
                    s.persist(new RaftStorage.Update(term, (int) (term % 3) - 1, truncate, add, snap));
                    if (rnd.nextInt(20) == 0) {
                        s = new PersisterStorage(p);   // a restart in between
                        s.recover();
                    }
                }
                RaftStorage.Recovered r = new PersisterStorage(p).recover();
                String where = "seed " + seed + (memory ? " MemoryPersister" : " default splice");
                assertEquals(term, r.term(), where);
                assertEquals((int) (term % 3) - 1, r.votedFor(), where);
                assertEquals(snapIndex, r.snapshotIndex(), where);
                assertEquals(snapTerm, r.snapshotTerm(), where);
                assertEquals(model.stream().map(e -> e.index() + "/" + e.term() + "/" + e.command().length).toList(),
                        r.entries().stream().map(e -> e.index() + "/" + e.term() + "/" + e.command().length).toList(), where);
            }
        }
    }

    @Test
    void memoryPersisterCopyIsIndependentOfLaterSplices() {
        MemoryPersister p = new MemoryPersister();
        p.save(new byte[]{1, 2, 3}, null);
        MemoryPersister c = p.copy();
        p.splice(new byte[]{9}, 2, new byte[]{7, 7});
        assertArrayEquals(new byte[]{9, 2, 7, 7}, p.readRaftState());
        assertArrayEquals(new byte[]{1, 2, 3}, c.readRaftState());
        assertThrows(IllegalArgumentException.class, () -> p.splice(new byte[0], 5, new byte[0]));
    }
}
