package raft.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class FilePersisterTest {
    @TempDir
    Path dir;

    @Test
    void savedStateSurvivesReopen() {
        Path f = dir.resolve("raft.state");
        FilePersister p = new FilePersister(f);
        assertEquals(0, p.raftStateSize());
        p.save(new byte[]{1, 2, 3}, new byte[]{9});
        p.save(new byte[]{4, 5}, null);
        FilePersister q = new FilePersister(f);
        assertArrayEquals(new byte[]{4, 5}, q.readRaftState());
        assertArrayEquals(new byte[]{9}, q.readSnapshot(), "a null snapshot keeps the previous one");
        assertFalse(Files.exists(dir.resolve("raft.state.tmp")), "temp file renamed away");
    }

    @Test
    void savesAndReadsAreCopies() {
        FilePersister p = new FilePersister(dir.resolve("s"));
        byte[] state = {1};
        p.save(state, new byte[0]);
        state[0] = 7;
        p.readRaftState()[0] = 8;
        assertArrayEquals(new byte[]{1}, p.readRaftState());
    }

    @Test
    void everyTornLengthIsDetectedAndNamesTheFile() throws IOException {
        Path f = dir.resolve("torn.state");
        new FilePersister(f).save(new byte[]{1, 2, 3, 4, 5}, new byte[]{6, 7});
        byte[] full = Files.readAllBytes(f);
        for (int len = 1; len < full.length; len++) {
            Files.write(f, Arrays.copyOf(full, len));
            CorruptStateException e = assertThrows(CorruptStateException.class, () -> new FilePersister(f));
            assertTrue(e.getMessage().contains(f.toAbsolutePath().toString()), e.getMessage());
        }
    }

    @Test
    void everyFlippedBitIsDetected() throws IOException {
        Path f = dir.resolve("rot.state");
        new FilePersister(f).save(new byte[]{1, 2, 3, 4, 5}, new byte[]{6, 7});
        byte[] full = Files.readAllBytes(f);
        for (int i = 0; i < full.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = full.clone();
                bad[i] ^= (byte) (1 << bit);
                Files.write(f, bad);
                assertThrows(CorruptStateException.class, () -> new FilePersister(f), "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void foreignFileIsRejected() throws IOException {
        Path f = dir.resolve("notes.txt");
        Files.writeString(f, "hello, this is not raft state");
        CorruptStateException e = assertThrows(CorruptStateException.class, () -> new FilePersister(f));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void storageOverFileRecoversAfterReopen() {
        Path f = dir.resolve("node.state");
        PersisterStorage s = new PersisterStorage(new FilePersister(f));
        s.recover();
        s.persist(new RaftStorage.Update(3, 1, 0, java.util.List.of(new raft.core.Entry(1, 2, new byte[]{5})), null));
        RaftStorage.Recovered r = new PersisterStorage(new FilePersister(f)).recover();
        assertEquals(3, r.term());
        assertEquals(1, r.votedFor());
        assertEquals(1, r.entries().size());
    }
}
