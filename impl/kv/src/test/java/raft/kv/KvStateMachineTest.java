package raft.kv;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvStateMachineTest {

    @Test
    void getPutAppendCas() {
        KvStateMachine m = new KvStateMachine();
        assertNull(m.apply(1, Command.get(7, 1, "a")).value());
        assertTrue(m.apply(2, Command.put(7, 2, "a", "x")).ok());
        assertEquals("xy", m.apply(3, Command.append(7, 3, "a", "y")).value());
        Result miss = m.apply(4, Command.cas(7, 4, "a", "x", "z"));
        assertFalse(miss.ok());
        assertEquals("xy", miss.value());
        assertTrue(m.apply(5, Command.cas(7, 5, "a", "xy", "z")).ok());
        assertEquals("z", m.apply(6, Command.get(7, 6, "a")).value());
        assertTrue(m.apply(7, Command.cas(7, 7, "b", null, "new")).ok(), "cas from absent");
    }

    @Test
    void aRetriedCommandExecutesOnce() {
        KvStateMachine m = new KvStateMachine();
        m.apply(1, Command.append(1, 1, "k", "a"));
        // The same (client, seq) again, as after a retry through a new leader: cached result, no effect.
        Result again = m.apply(2, Command.append(1, 1, "k", "a"));
        assertEquals("a", again.value());
        assertEquals("a", m.read("k"));
        // Another client's command is independent.
        m.apply(3, Command.append(2, 1, "k", "b"));
        assertEquals("ab", m.read("k"));
        // A stale duplicate of an older sequence number is dropped and answers nobody.
        m.apply(4, Command.append(1, 2, "k", "c"));
        assertNull(m.apply(5, Command.append(1, 1, "k", "a")));
        assertEquals("abc", m.read("k"));
    }

    @Test
    void snapshotRestoresDataAndSessions() {
        KvStateMachine m = new KvStateMachine();
        m.apply(1, Command.put(1, 1, "k", "v"));
        m.apply(2, Command.append(2, 5, "j", "w"));
        byte[] snap = m.snapshot();
        KvStateMachine r = new KvStateMachine();
        r.restore(snap);
        assertEquals("v", r.read("k"));
        assertEquals(2, r.appliedIndex());
        assertEquals("w", r.apply(3, Command.append(2, 5, "j", "w")).value(), "session survives the snapshot");
        assertEquals("w", r.read("j"));
        assertArrayEquals(snap, m.snapshot(), "snapshot bytes are deterministic");
    }

    @Test
    void corruptSnapshotIsRejected() {
        byte[] snap = new KvStateMachine().snapshot();
        snap[3] = 9;
        assertThrows(IllegalArgumentException.class, () -> new KvStateMachine().restore(snap));
    }

    @Test
    void commandsAndBatchesRoundTrip() {
        Command c = Command.cas(-5, 9, "ké", null, "v");
        assertEquals(c, Command.decode(c.encode()));
        var batch = java.util.List.of(c, Command.get(1, 2, "x"), Command.put(3, 4, "", ""));
        assertEquals(new Batch(-3, batch), Batch.decode(Batch.encode(-3, batch)));
    }
}
