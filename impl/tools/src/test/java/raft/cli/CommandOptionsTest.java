package raft.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.command.Captured;
import raft.command.Cli;
import raft.command.UsageError;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Good arguments of the raft.cli commands reach their settings: defaults, durations, config files. */
class CommandOptionsTest {
    private static final String[] SERVER = {"--id", "1", "--peers", "h:7000,h:7001,h:7002", "--client", "8001",
            "--data", "data/n1"};

    private static String[] server(String... more) {
        String[] all = java.util.Arrays.copyOf(SERVER, SERVER.length + more.length);
        System.arraycopy(more, 0, all, SERVER.length, more.length);
        return all;
    }

    @Test
    void simDefaultsAndDurations() {
        SimMain.Options d = Cli.parse(new SimMain()).options();
        assertEquals(new SimMain.Options(5, 60_000, 1, false, 0.3, 0.3, 2000, false), d);
        SimMain.Options o = Cli.parse(new SimMain(), "--duration", "1.5m", "--fault-every", "500ms", "--seed", "-7",
                "--nodes", "3", "--reliable", "--quiet").options();
        assertEquals(new SimMain.Options(3, 90_000, -7, true, 0.3, 0.3, 500, true), o);
        assertEquals(3_600_000, Cli.parse(new SimMain(), "--duration", "1h").options().durationMillis());
        assertEquals(120_000, Cli.parse(new SimMain(), "--duration", "120").options().durationMillis(),
                "a bare number is seconds");
    }

    @Test
    void labTestNamesAreCompletedAndCommaSeparated() {
        LabMain.Options o = Cli.parse(new LabMain(), "--test", "Figure82C,testInitialElection2A", "--test",
                "Backup2B", "--seeds", "3", "--seed", "42", "--jobs", "2").options();
        assertEquals(List.of("testFigure82C", "testInitialElection2A", "testBackup2B"), o.tests());
        assertEquals(3, o.seeds());
        assertEquals(42L, o.seed());
        assertEquals(2, o.jobs());
        assertEquals(28, Cli.parse(new LabMain()).options().tests().size());
        assertNull(Cli.parse(new LabMain()).options().seed());
    }

    @Test
    void serverOptionsAndDefaults() {
        ServerMain s = Cli.parse(new ServerMain(), server());
        assertEquals(1, s.id);
        assertEquals(List.of(new InetSocketAddress("h", 7000), new InetSocketAddress("h", 7001),
                new InetSocketAddress("h", 7002)), s.members.peers);
        assertEquals(new InetSocketAddress("127.0.0.1", 8001), s.client);
        assertTrue(s.fsync);
        assertFalse(s.staleReads);
        assertEquals(10_000, s.snapshotEvery);
        assertEquals("kv", s.cluster);
        assertEquals(-1, s.exitWith);
        assertNull(s.tls(), "no TLS options: plain TCP");
        ServerMain t = Cli.parse(new ServerMain(), server("--fsync", "off", "--stale-reads", "--snapshot-every=5",
                "--listen", "0.0.0.0:7001"));
        assertFalse(t.fsync);
        assertTrue(t.staleReads);
        assertEquals(5, t.snapshotEvery);
        assertEquals(new InetSocketAddress("0.0.0.0", 7001), t.listen);
    }

    @Test
    void serverReadModes() {
        ServerMain off = Cli.parse(new ServerMain(), server("--pre-vote", "off", "--check-quorum", "off"));
        assertFalse(off.raftConfig().preVote() || off.raftConfig().checkQuorum(), "RaftFlags reach the config");
        ServerMain d = Cli.parse(new ServerMain(), server());
        assertEquals("read-index", d.reads.readMode);
        assertFalse(d.raftConfig().leaseReads());
        assertTrue(d.raftConfig().noOpOnElection(), "the server profile appends a no-op on election");
        ServerMain lease = Cli.parse(new ServerMain(), server("--read-mode", "lease", "--lease-drift", "40"));
        assertEquals(40, lease.raftConfig().leaseDriftMillis());
        UsageError noCq = assertThrows(UsageError.class,
                () -> Cli.parse(new ServerMain(), server("--read-mode", "lease", "--check-quorum", "off")).raftConfig());
        assertTrue(noCq.getMessage().contains("--check-quorum on"), noCq.getMessage());
        UsageError drift = assertThrows(UsageError.class,
                () -> Cli.parse(new ServerMain(), server("--read-mode", "lease", "--lease-drift", "300")).raftConfig());
        assertTrue(drift.getMessage().contains("--lease-drift"), drift.getMessage());
        assertEquals(64L << 20, d.snapshotBytes(), "snapshots by command bytes as well as entries, by default");
        assertEquals(0, Cli.parse(new ServerMain(), server("--snapshot-mib", "0")).snapshotBytes());
        UsageError mib = assertThrows(UsageError.class,
                () -> Cli.parse(new ServerMain(), server("--snapshot-mib", "-1")).snapshotBytes());
        assertTrue(mib.getMessage().contains("--snapshot-mib") && mib.getMessage().contains("-1"), mib.getMessage());
        UsageError bad = assertThrows(UsageError.class,
                () -> Cli.parse(new ServerMain(), server("--read-mode", "quick")).raftConfig());
        assertTrue(bad.getMessage().contains("--read-mode"), bad.getMessage());
    }

    @Test
    void serverTakesOptionsFromAConfigFileAndTheCommandLineWins(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("node.properties"),
                "id=2\npeers=a:1,b:2,c:3\nclient=9000\ndata=" + dir.resolve("d") + "\nfsync=off\nstale-reads=true\n");
        // run() parses with the file, then fails on --id 7 before starting anything
        Captured r = Captured.run(new ServerMain(), "--config", cfg.toString(), "--id", "7");
        assertEquals(64, r.code());
        assertTrue(r.err().contains("--id must be between 0 and 2"), r.err());
    }

    @Test
    void serverTlsStoresMustBeReadableAndHaveAPassword(@TempDir Path dir) {
        Path missing = dir.resolve("absent.p12");
        ServerMain s = Cli.parse(new ServerMain(), server("--tls-keystore", missing.toString(),
                "--tls-truststore", missing.toString()));
        UsageError e = assertThrows(UsageError.class, s::tls);
        String expected = System.getenv("RAFT_TLS_PASSWORD") == null ? "RAFT_TLS_PASSWORD" : missing.toString();
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void clientCommandAndOptionsInAnyOrder() {
        ClientMain c = Cli.parse(new ClientMain(), "--servers", "a:8000,b:8001", "load", "--clients", "8",
                "--time", "2.5s");
        assertEquals(List.of("load"), c.command);
        assertEquals(8, c.clients);
        assertEquals(Duration.ofMillis(2500), c.time);
        assertEquals(Duration.ofSeconds(5), c.timeout);
        assertEquals(2, c.servers.size());
        ClientMain p = Cli.parse(new ClientMain(), "put", "k", "v", "--servers", "8000");
        assertEquals(List.of("put", "k", "v"), p.command);
    }
}
