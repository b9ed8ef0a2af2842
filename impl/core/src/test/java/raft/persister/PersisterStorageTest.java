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
}
