package raft.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.command.Captured;
import raft.command.Cli;
import raft.spec.tlc.TlcMain;
import raft.spec.trace.TraceMain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tlc and trace-validate: picocli options, exit 64 on a usage mistake, 65/66 on bad input, no TLC started. */
class CommandLineTest {
    private static Captured run(Object command, String... args) {
        return Captured.run(command, args);
    }

    @Test
    void tlcUsageMistakes(@TempDir Path dir) throws Exception {
        assertEquals(64, run(new TlcMain(), "--workers", "two").code());
        assertTrue(run(new TlcMain(), "--bogus").err().contains("Unknown option: '--bogus'"));
        assertEquals(64, run(new TlcMain(), "--check", "Only.tla").code());
        Captured suite = run(new TlcMain(), "--spec-dir", dir.toString(), "--suite", "nightly");
        assertEquals(64, suite.code());
        assertTrue(suite.err().contains("--suite must be ci, deep or all"), suite.err());
        Captured missing = run(new TlcMain(), "--spec-dir", dir.toString());
        assertEquals(66, missing.code());
        assertTrue(missing.err().contains(dir.resolve("models.tsv") + ": no such file"), missing.err());
        Files.writeString(dir.resolve("models.tsv"), "# name module config expect suite seconds\nA A.tla A.cfg pass ci\n");
        Captured bad = run(new TlcMain(), "--spec-dir", dir.toString());
        assertEquals(65, bad.code());
        assertTrue(bad.err().contains(dir.resolve("models.tsv") + ":2: expected"), bad.err());
        Files.writeString(dir.resolve("models.tsv"), "A A.tla A.cfg pass ci 10\n");
        Captured none = run(new TlcMain(), "--spec-dir", dir.toString(), "B");
        assertEquals(64, none.code());
        assertTrue(none.err().contains("no model matches [B]"), none.err());
    }

    @Test
    void tlcHelp() {
        Captured r = run(new TlcMain(), "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--check") && r.out().contains("--suite"), r.out());
    }

    @Test
    void traceOptions(@TempDir Path dir) {
        TraceMain t = Cli.parse(new TraceMain(), "--record", "testFigure82C", "7", "t.tla", "--seconds", "30m");
        assertEquals(Duration.ofMinutes(30), t.timeLimit());
        assertEquals(Duration.ofSeconds(1800), Cli.parse(new TraceMain(), "t.tla").timeLimit());
        assertEquals(64, run(new TraceMain()).code(), "no trace given");
        assertTrue(run(new TraceMain()).err().contains("Missing required parameter: 'TRACE.tla'"));
        assertEquals(64, run(new TraceMain(), "a.tla", "b.tla").code());
        assertEquals(64, run(new TraceMain(), "--seconds", "long", "a.tla").code());
        Captured scenario = run(new TraceMain(), "--record", "testNoSuch", "1", dir.resolve("t.tla").toString());
        assertEquals(64, scenario.code());
        assertTrue(scenario.err().contains("no lab scenario named 'testNoSuch'"), scenario.err());
        Captured sticky = run(new TraceMain(), "--record", "testRemoveLeader", "1", dir.resolve("t.tla").toString(),
                "--server");
        assertEquals(64, sticky.code(), "RaftMembership.tla has no pre-vote");
        assertTrue(sticky.err().contains("drop --server"), sticky.err());
        assertFalse(Files.exists(dir.resolve("t.tla")), "nothing recorded");
        Captured missing = run(new TraceMain(), dir.resolve("absent.tla").toString());
        assertEquals(66, missing.code());
        assertTrue(missing.err().contains(dir.resolve("absent.tla") + ": no such file"), missing.err());
    }
}
