package raft.kv;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The session table's bound: idle sessions dropped by the log's clock, the same way on every replica. */
class SessionExpiryTest {
    /** Applies one entry (time, commands) the way the service does. */
    static void entry(KvStateMachine m, long index, long time, Command... cs) {
        m.advanceClock(time);
        for (Command c : cs) {
            m.apply(index, c);
        }
    }

    @Test
    void aSessionIdleLongerThanTheBoundIsDroppedAndOnlyThen() {
        KvStateMachine m = new KvStateMachine(1000);
        entry(m, 1, 10_000, Command.put(1, 1, "k", "a"));
        entry(m, 2, 10_500, Command.put(2, 1, "k", "b"));
        entry(m, 3, 11_000);
        assertEquals(2, m.sessionCount(), "idle exactly the bound: kept");
        entry(m, 4, 11_001);
        assertEquals(1, m.sessionCount(), "client 1 idle for 1001 ms: dropped");
        // Client 1's old request comes back: with its session gone it runs again (why the bound must
        // exceed any client's retry deadline).
        assertEquals(Result.OK, m.apply(5, Command.put(1, 1, "k", "a")));
        assertEquals("a", m.read("k"));
    }

    @Test
    void theLogClockNeverGoesBack() {
        KvStateMachine m = new KvStateMachine(1000);
        entry(m, 1, 10_000, Command.put(1, 1, "k", "a"));
        entry(m, 2, 20_000);
        entry(m, 3, 5_000, Command.put(2, 1, "k", "b"));   // a new leader with a slow clock
        entry(m, 4, 20_500);
        assertEquals(1, m.sessionCount(), "client 2 counts as active at 20000, not 5000");
    }

    @Test
    void replicasAgreeAcrossASnapshot() {
        KvStateMachine a = new KvStateMachine(1000);
        entry(a, 1, 100, Command.put(3, 1, "x", "1"), Command.put(1, 1, "y", "2"));
        entry(a, 2, 600, Command.put(2, 1, "z", "3"));
        KvStateMachine b = new KvStateMachine(1000);
        b.restore(a.snapshot());
        for (KvStateMachine m : List.of(a, b)) {
            entry(m, 3, 1_200);
            assertEquals(1, m.sessionCount());
        }
        assertArrayEquals(a.snapshot(), b.snapshot());
    }

    @Test
    void aVersionOneSnapshotIsStillRead() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(1);
            out.writeLong(7);      // appliedIndex
            out.writeInt(1);       // one key
            out.writeInt(1);
            out.write('k');
            out.writeInt(1);
            out.write('v');
            out.writeInt(1);       // one session, no lastActive
            out.writeLong(9);
            out.writeLong(4);
            out.writeBoolean(true);
            out.writeInt(-1);
        }
        KvStateMachine m = new KvStateMachine(1000);
        m.restore(bytes.toByteArray());
        assertEquals("v", m.read("k"));
        assertNull(m.apply(8, Command.put(9, 3, "k", "old")), "seq 3 is older than the session's 4");
        entry(m, 9, 5_000);
        assertEquals(0, m.sessionCount(), "active at time 0: expired once the log clock passes the bound");
    }

    @Test
    void batchesCarryTheirTimeAndOldBatchesReadAsTimeZero() {
        List<Command> cs = List.of(Command.put(1, 2, "k", "v"));
        assertEquals(new Batch(5, 1234, cs), Batch.decode(Batch.encode(5, 1234, cs)));
        byte[] cmd = cs.get(0).encode();
        byte[] old = ByteBuffer.allocate(16 + cmd.length).putLong(5).putInt(1).putInt(cmd.length).put(cmd).array();
        assertEquals(new Batch(5, 0, cs), Batch.decode(old));
    }

    @Test
    void eachCommandReadsOnlyItsOwnBytesAndALengthPastTheEntryIsRefused() {
        List<Command> cs = List.of(Command.put(1, 2, "k", "v1"), Command.put(1, 3, "key", "v2"));
        assertEquals(new Batch(5, 7, cs), Batch.decode(Batch.encode(5, 7, cs)), "commands read as views of one array");
        byte[] bad = Batch.encode(5, 7, cs);
        ByteBuffer.wrap(bad).putInt(20, bad.length);   // the first command's length, past the end of the entry
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Batch.decode(bad));
        assertTrue(e.getMessage().contains("bad command length " + bad.length), e.getMessage());
    }
}
