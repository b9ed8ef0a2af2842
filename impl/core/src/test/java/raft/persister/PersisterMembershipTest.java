package raft.persister;

import org.junit.jupiter.api.Test;
import raft.core.Entry;
import raft.core.Member;
import raft.core.Membership;
import raft.core.RaftStorage.Recovered;
import raft.core.RaftStorage.SnapshotData;
import raft.core.RaftStorage.Update;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** PersisterStorage keeps configuration entries and the snapshot's configuration; version 2 states still read. */
class PersisterMembershipTest {
    static final Membership TWO = Membership.ofVoters(List.of(new Member(4, "x"), new Member(9, "y")));
    static final Membership TWO_L = new Membership(TWO.voters(), List.of(new Member(11, "z")));

    @Test
    void configEntriesAndSnapshotConfigurationSurviveRestart() {
        MemoryPersister p = new MemoryPersister();
        PersisterStorage s = new PersisterStorage(p);
        s.recover();
        s.persist(new Update(3, 4, 0, List.of(new Entry(1, 1, new byte[]{1}), Entry.ofConfig(2, 3, TWO)), null));
        s.persist(new Update(3, 4, 0, List.of(Entry.ofConfig(3, 3, TWO_L)), null));   // a splice
        Recovered r = new PersisterStorage(p).recover();
        assertEquals(List.of(false, true, true), r.entries().stream().map(Entry::config).toList());
        assertEquals(3, r.entries().get(1).term());
        assertEquals(TWO_L, r.entries().get(2).membership());

        s.persist(new Update(3, 4, 0, List.of(), new SnapshotData(2, 3, new byte[]{7}, TWO)));
        r = new PersisterStorage(p).recover();
        assertEquals(TWO, r.snapshotConfig());
        assertEquals(1, r.entries().size());
        assertEquals(TWO_L, r.entries().get(0).membership());

        s.persist(new Update(3, 4, 3, List.of(new Entry(3, 3, new byte[]{8})), null));   // truncates the config entry
        r = new PersisterStorage(p).recover();
        assertFalse(r.entries().get(0).config());
        assertEquals(TWO, r.snapshotConfig());
    }

    @Test
    void versionTwoStateReadsAsCommandsWithoutConfiguration() {
        MemoryPersister p = new MemoryPersister();
        ByteBuffer b = ByteBuffer.allocate(29 + 3).put((byte) 2).putLong(5).putInt(2).putLong(0).putLong(0);
        b.put((byte) 5).put((byte) 1).put((byte) 42);   // one entry: term 5, command {42}
        p.save(b.array(), null);
        PersisterStorage s = new PersisterStorage(p);
        Recovered r = s.recover();
        assertEquals(5, r.term());
        assertEquals(1, r.votedFor());
        assertEquals(1, r.entries().size());
        assertEquals(5, r.entries().get(0).term());
        assertFalse(r.entries().get(0).config());
        assertNull(r.snapshotConfig());
        s.persist(new Update(5, 1, 0, List.of(Entry.ofConfig(2, 5, TWO)), null));   // rewrites it as version 3
        r = new PersisterStorage(p).recover();
        assertEquals(2, r.entries().size());
        assertArrayEquals(new byte[]{42}, r.entries().get(0).command());
        assertEquals(TWO, r.entries().get(1).membership());
    }
}
