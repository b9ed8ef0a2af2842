package raft.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {

    @Command(name = "demo", description = "A command for these tests.")
    static final class Demo implements Callable<Integer> {
        @Mixin HelpOption help;
        @Option(names = "--time", defaultValue = "10s", description = "how long (default ${DEFAULT-VALUE})")
        Duration time;
        @Option(names = "--fsync", defaultValue = "on", arity = "1", converter = OnOff.class) boolean fsync;
        @Option(names = "--nodes", defaultValue = "3") int nodes;
        @Option(names = "--stale-reads") boolean stale;
        @Option(names = "--config") Path config;
        @Option(names = "--fail") String fail;

        @Override
        public Integer call() {
            Cli.between("--nodes", nodes, 3, 9);
            if ("input".equals(fail)) {
                throw InputError.malformed("history.edn:3:7: expected a map");
            } else if ("bug".equals(fail)) {
                throw new IllegalStateException("a bug");
            }
            System.out.flush();
            return 0;
        }
    }

    private static Captured run(Demo d, String... args) {
        return Captured.run(d, args);
    }

    @Test
    void goodArguments() {
        Demo d = new Demo();
        assertEquals(0, run(d, "--time", "1.5s", "--fsync", "off", "--stale-reads", "--nodes=5").code());
        assertEquals(Duration.ofMillis(1500), d.time);
        assertFalse(d.fsync);
        assertTrue(d.stale);
        assertEquals(5, d.nodes);
        Demo defaults = Cli.parse(new Demo());
        assertEquals(Duration.ofSeconds(10), defaults.time);
        assertTrue(defaults.fsync);
    }

    @Test
    void usageMistakesExit64WithOneMessageAndNoTrace() {
        Captured r = run(new Demo(), "--time", "soon");
        assertEquals(64, r.code());
        assertTrue(r.err().startsWith("demo: Invalid value for option '--time': 'soon' is not a duration"), r.err());
        assertTrue(r.err().contains("Run 'demo --help' for the options."), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals(64, run(new Demo(), "--bogus").code());
        assertTrue(run(new Demo(), "--bogus").err().contains("Unknown option: '--bogus'"));
        assertEquals(64, run(new Demo(), "--nodes").code());
        assertTrue(run(new Demo(), "--fsync", "maybe").err().contains("'maybe' is not on or off"));
        Captured range = run(new Demo(), "--nodes", "12");
        assertEquals(64, range.code());
        assertTrue(range.err().startsWith("demo: --nodes must be between 3 and 9, got 12"), range.err());
    }

    @Test
    void helpComesFromTheDefinitions() {
        Captured r = run(new Demo(), "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--time=<time>") && r.out().contains("how long (default 10s)"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void badInputExits65AndABugExits70() {
        Captured r = run(new Demo(), "--fail", "input");
        assertEquals(65, r.code());
        assertEquals("demo: history.edn:3:7: expected a map", r.err().trim());
        Captured bug = run(new Demo(), "--fail", "bug");
        assertEquals(70, bug.code());
        assertTrue(bug.err().startsWith("demo: internal error: java.lang.IllegalStateException: a bug"), bug.err());
    }

    @Test
    void configFileFillsWhatTheCommandLineLeavesOut(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("node.properties"), "nodes=7\nfsync=off\nstale-reads=true\ntime=2m \n");
        Demo d = new Demo();
        assertEquals(0, run(d, "--config", cfg.toString(), "--nodes", "5").code());
        assertEquals(5, d.nodes, "the command line wins");
        assertFalse(d.fsync);
        assertTrue(d.stale);
        assertEquals(Duration.ofMinutes(2), d.time);
    }

    @Test
    void configFileMistakesNameTheFile(@TempDir Path dir) throws Exception {
        Captured missing = run(new Demo(), "--config=" + dir.resolve("none.properties"));
        assertEquals(66, missing.code());
        assertTrue(missing.err().contains("cannot read config file " + dir.resolve("none.properties")), missing.err());
        Path cfg = Files.writeString(dir.resolve("node.properties"), "nodes=5\nnodez=3\n");
        Captured unknown = run(new Demo(), "--config", cfg.toString());
        assertEquals(65, unknown.code());
        assertTrue(unknown.err().contains(cfg + ": 'nodez' is not an option"), unknown.err());
        Path bad = Files.writeString(dir.resolve("bad.properties"), "time=soon\n");
        assertEquals(64, run(new Demo(), "--config", bad.toString()).code());
    }
}
