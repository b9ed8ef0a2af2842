package raft.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.core.Entry;
import raft.core.Member;
import raft.core.Membership;
import raft.core.RaftStorage.Recovered;
import raft.core.RaftStorage.SnapshotData;
import raft.core.RaftStorage.Update;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static raft.storage.SegmentedLogStorageTest.entry;
import static raft.storage.SegmentedLogStorageTest.open;
import static raft.storage.SegmentedLogStorageTest.reopen;

/** Configuration entries and the snapshot's configuration survive a restart; old files still read. */
class MembershipStorageTest {
    @TempDir
    Path tmp;

    static final Membership ABC = Membership.ofVoters(List.of(new Member(3, "a:1"), new Member(7, "b:2")));
    static final Membership ABC_L = new Membership(ABC.voters(), List.of(new Member(12, "c:3")));

    @Test
    void configEntriesKeepTheirKindAcrossRestart() {
        try (SegmentedLogStorage s = open(tmp, 1 << 20)) {
            s.recover();
            s.persist(new Update(2, 3, 0, List.of(entry(1, 1), Entry.ofConfig(2, 2, ABC_L), entry(3, 2)), null));
        }
        Recovered r = reopen(tmp);
        assertEquals(3, r.entries().size());
        assertFalse(r.entries().get(0).config());
        assertTrue(r.entries().get(1).config());
        assertEquals(ABC_L, r.entries().get(1).membership());
        assertFalse(r.entries().get(2).config());
        assertNull(r.snapshotConfig());
    }

    @Test
    void snapshotKeepsTheConfigurationAtItsIndex() {
        try (SegmentedLogStorage s = open(tmp, 1 << 20)) {
            s.recover();
            s.persist(new Update(2, 3, 0, List.of(entry(1, 1), Entry.ofConfig(2, 2, ABC), entry(3, 2)), null));
            s.persist(new Update(2, 3, 0, List.of(), new SnapshotData(3, 2, new byte[]{9}, ABC)));
        }
        Recovered r = reopen(tmp);
        assertEquals(3, r.snapshotIndex());
        assertEquals(ABC, r.snapshotConfig());
        assertArrayEquals(new byte[]{9}, r.snapshot());
    }

    @Test
    void snapshotFileOfTheFirstFormatReadsWithoutConfiguration() throws IOException {
        try (SegmentedLogStorage s = open(tmp, 1 << 20)) {
            s.recover();
            s.persist(new Update(1, 0, 0, List.of(entry(1, 1)), null));
            s.persist(new Update(1, 0, 0, List.of(), new SnapshotData(1, 1, new byte[]{5})));
        }
        byte[] body = Files.readAllBytes(tmp.resolve(StateFiles.SNAPSHOT));
        assertEquals(0x52465331, ByteBuffer.wrap(body).getInt(), "no configuration: written as RFS1");
        Recovered r = reopen(tmp);
        assertNull(r.snapshotConfig());
        assertArrayEquals(new byte[]{5}, r.snapshot());
    }

    @Test
    void aDamagedConfigurationInTheSnapshotIsNamed() throws IOException {
        try (SegmentedLogStorage s = open(tmp, 1 << 20)) {
            s.recover();
            s.persist(new Update(2, 3, 0, List.of(Entry.ofConfig(1, 2, ABC)), null));
            s.persist(new Update(2, 3, 0, List.of(), new SnapshotData(1, 2, new byte[0], ABC)));
        }
        Path snap = tmp.resolve(StateFiles.SNAPSHOT);
        byte[] body = DurableFiles.read(snap);
        ByteBuffer.wrap(body).putInt(20, 1 << 20);   // the configuration's length, now past the end
        DurableFiles.replace(snap, body, false, FileIo.DEFAULT);
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> reopen(tmp));
        assertTrue(e.getMessage().contains("snapshot") && e.getMessage().contains("configuration length"),
                e.getMessage());
    }
}
