package raft.cli;

import raft.lab.PeerFactory;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimMainTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private static SimMain.Summary sim(long seed) {
        SimMain.Options o = SimMain.parse(new String[]{"--duration", "30s", "--seed", Long.toString(seed),
                "--fault-every", "1s"});
        return SimMain.simulate(o, QUIET, PeerFactory.RAFT_NODE);
    }

    @Test
    void aFaultyRunStaysSafeCommitsAndReplaysFromItsSeed() {
        SimMain.Summary a = sim(3);
        assertTrue(a.ok(), a.verdict());
        assertTrue(a.commits() > 0);
        assertTrue(a.crashes() + a.partitions() > 0);
        assertTrue(a.maxRaftStateBytes() < 2000, "persisted state stays compacted: " + a.maxRaftStateBytes());
        SimMain.Summary b = sim(3);
        assertEquals(a.digest(), b.digest());
        assertEquals(a.commits(), b.commits());
        assertNotEquals(a.digest(), sim(4).digest());
    }

    @Test
    void badOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimMain.parse(new String[]{"--duration", "ten"}));
        assertEquals("--duration expects a duration like 90s, 5m or 1500ms, got 'ten'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SimMain.parse(new String[]{"--nodes", "12"}));
        assertEquals("--nodes must be between 3 and 9, got 12", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SimMain.parse(new String[]{"--bogus"}));
        assertEquals("unknown option '--bogus'", e.getMessage());
        assertEquals(90_000, SimMain.millis("--duration", "90s"));
        assertEquals(1500, SimMain.millis("--duration", "1500ms"));
        assertEquals(300_000, SimMain.millis("--duration", "5m"));
    }
}
