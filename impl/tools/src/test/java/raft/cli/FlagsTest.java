package raft.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlagsTest {

    @Test
    void flagsSwitchesDurationsAndPositionals() {
        Flags f = Flags.parse(new String[] {"get", "--time", "1.5s", "--stale-reads", "--n=3", "k"}, Set.of("stale-reads"));
        assertEquals(1500, f.millis("time", 0));
        assertTrue(f.bool("stale-reads", false));
        assertEquals(3, f.number("n", 0));
        assertEquals(250, f.millis("absent", 250));
        assertEquals(List.of("get", "k"), f.positional());
        f.rejectUnknown();
    }

    @Test
    void configFileFillsWhatTheCommandLineLeavesOut(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("node.properties");
        Files.writeString(cfg, "id=2\npeers=a:1,b:2\nfsync=off\n");
        Flags f = Flags.parse(new String[] {"--config", cfg.toString(), "--id", "1"}, Set.of());
        assertEquals(1, f.number("id", -1), "the command line wins");
        assertEquals("a:1,b:2", f.required("peers"));
        assertEquals(false, f.bool("fsync", true));
    }

    @Test
    void mistakesNameTheFlag() {
        assertEquals("unknown flag --bogus", assertThrows(UsageException.class, () -> {
            Flags f = Flags.parse(new String[] {"--bogus", "1"}, Set.of());
            f.rejectUnknown();
        }).getMessage());
        assertEquals("--time expects a duration like 60s or 500ms, got 'soon'", assertThrows(UsageException.class,
                () -> Flags.parse(new String[] {"--time", "soon"}, Set.of()).millis("time", 0)).getMessage());
        assertEquals("flag --id needs a value", assertThrows(UsageException.class,
                () -> Flags.parse(new String[] {"--id"}, Set.of())).getMessage());
        assertEquals("missing required flag --peers", assertThrows(UsageException.class,
                () -> Flags.parse(new String[] {}, Set.of()).required("peers")).getMessage());
        assertTrue(assertThrows(UsageException.class,
                () -> Flags.parse(new String[] {"--config", "/no/such/file"}, Set.of())).getMessage()
                .startsWith("cannot read config file /no/such/file"));
    }

    @Test
    void jepsenRejectsBadArgumentsWithUsageExitCode() {
        assertEquals(64, raft.jepsen.JepsenMain.run(new String[] {"--nodes", "4"}));
        assertEquals(64, raft.jepsen.JepsenMain.run(new String[] {"--faults", "meteor"}));
        assertEquals(64, raft.jepsen.JepsenMain.run(new String[] {"--workload", "queue"}));
    }
}
