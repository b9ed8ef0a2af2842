package raft.cli;

import org.junit.jupiter.api.Test;
import raft.command.Cli;
import raft.lab.PeerFactory;

import java.io.OutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimMainTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private static SimMain.Summary sim(long seed) {
        SimMain.Options o = Cli.parse(new SimMain(), "--duration", "30s", "--seed", Long.toString(seed),
                "--fault-every", "1s").options();
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
}
