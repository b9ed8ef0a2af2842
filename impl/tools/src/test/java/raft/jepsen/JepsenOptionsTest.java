package raft.jepsen;

import org.junit.jupiter.api.Test;
import raft.command.Cli;
import raft.command.UsageError;
import raft.kv.ReadMode;
import raft.kv.ReadOptions;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The options CI and impl/JEPSEN.md use reach the run's settings. */
class JepsenOptionsTest {

    @Test
    void defaults() {
        JepsenRun.Options o = Cli.parse(new JepsenMain()).options();
        assertEquals(3, o.nodes());
        assertEquals(60_000, o.timeMillis());
        assertEquals("cas-register", o.workload());
        assertEquals(Set.of("kill", "pause", "partition", "transfer"), o.faults());
        assertEquals(4000, o.quietMillis());
        assertEquals(5000, o.faultMillis());
        assertEquals(120_000, o.checkLimitMillis());
        assertEquals(5000, o.opTimeoutMillis());
        assertEquals(200, o.snapshotEvery());
        assertTrue(o.fsync());
        assertTrue(o.preVote() && o.checkQuorum(), "the server's defaults");
        assertTrue(!o.tls());
        assertTrue(o.out().startsWith(Path.of("out/jepsen")), o.out().toString());
    }

    @Test
    void raftSwitchesReachTheServersArguments() {
        JepsenRun.Options o = Cli.parse(new JepsenMain(), "--pre-vote", "off", "--check-quorum", "off").options();
        assertTrue(!o.preVote() && !o.checkQuorum());
    }

    @Test
    void ciArguments() {
        JepsenRun.Options o = Cli.parse(new JepsenMain(), "--nodes", "5", "--time", "20s", "--stale-reads",
                "--faults", "partition", "--quiet", "2s", "--out", "out/x", "--op-timeout", "1.5s", "--seed", "9",
                "--fsync", "off", "--workload", "kv", "--keys", "3", "--rate", "12.5", "--check-limit", "2m").options();
        assertEquals(5, o.nodes());
        assertEquals(20_000, o.timeMillis());
        assertTrue(o.staleReads());
        assertEquals(Set.of("partition"), o.faults());
        assertEquals(2000, o.quietMillis());
        assertEquals(Path.of("out/x"), o.out());
        assertEquals(1500, o.opTimeoutMillis());
        assertEquals(9, o.seed());
        assertEquals(false, o.fsync());
        assertEquals("kv", o.workload());
        assertEquals(12.5, o.rate());
        assertEquals(120_000, o.checkLimitMillis());
        assertEquals(Set.of(), Cli.parse(new JepsenMain(), "--faults", "none").options().faults());
        assertEquals(Set.of("membership", "kill", "partition"),
                Cli.parse(new JepsenMain(), "--faults", "membership,kill,partition").options().faults());
    }

    @Test
    void readOptionsReachTheServers() {
        JepsenRun.Options d = Cli.parse(new JepsenMain()).options();
        assertEquals(new ReadOptions(ReadMode.READ_INDEX, false, false), d.reads());
        assertEquals(List.of("--read-mode", "read-index"), d.readArgs());
        JepsenRun.Options o = Cli.parse(new JepsenMain(), "--read-mode", "lease", "--follower-reads",
                "--unsafe-reads").options();
        assertEquals(List.of("--read-mode", "lease", "--follower-reads", "--unsafe-reads"), o.readArgs());
        assertTrue(assertThrows(UsageError.class, () -> Cli.parse(new JepsenMain(), "--read-mode", "fast").options())
                .getMessage().contains("log, read-index or lease"));
        assertTrue(assertThrows(UsageError.class, () -> Cli.parse(new JepsenMain(), "--read-mode", "lease",
                "--check-quorum", "off").options()).getMessage().contains("check-quorum"));
    }
}
