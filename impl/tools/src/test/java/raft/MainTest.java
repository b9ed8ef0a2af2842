package raft;

import org.junit.jupiter.api.Test;
import raft.command.Captured;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jar's command line: subcommands, help, and every command's usage mistakes (exit 64, one message). */
class MainTest {
    static Captured run(String... args) {
        return Captured.run((out, err) -> Main.run(args, out, err));
    }

    @Test
    void helpListsTheSubcommandsAndTheDefaultJobsOptions() {
        Captured r = run("--help");
        assertEquals(0, r.code());
        for (String cmd : new String[] {"jepsen", "sim", "lab", "bench-sim", "server", "client", "bench"}) {
            assertTrue(r.out().contains("  " + cmd + " ") || r.out().contains("  " + cmd + "\n"), cmd + " in\n" + r.out());
        }
        assertTrue(r.out().contains("--stale-reads") && r.out().contains("--nodes"), r.out());
    }

    @Test
    void eachSubcommandHasHelpFromItsDefinitions() {
        String[][] expect = {{"server", "--peers=HOST:PORT"}, {"client", "--servers=HOST:PORT"},
                {"jepsen", "--op-timeout"}, {"sim", "--fault-every"}, {"lab", "--seed-base"},
                {"bench-sim", "--no-real-suite"}, {"bench", "--inflight"}};
        // picocli reports a description it cannot format (an unescaped %, say) on System.err itself.
        java.io.PrintStream realErr = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true));
        try {
            for (String[] e : expect) {
                Captured r = run(e[0], "--help");
                assertEquals(0, r.code(), e[0]);
                assertTrue(r.out().contains("Usage: raft-tools " + e[0] + " "), r.out());
                assertTrue(r.out().contains(e[1]), e[0] + " help: " + r.out());
                assertEquals("", r.err());
            }
        } finally {
            System.setErr(realErr);
        }
        assertEquals("", warnings.toString(), "picocli's warnings while rendering help");
    }

    @Test
    void usageMistakesExit64WithTheMessageAndNoStackTrace() {
        String[][] cases = {
                {"Unknown option: '--bogus'", "sim", "--bogus"},
                {"'ten' is not a duration like 500ms, 1.5s, 2m or 1h", "sim", "--duration", "ten"},
                {"--nodes must be between 3 and 9, got 12", "sim", "--nodes", "12"},
                {"--crash-rate must be within 0..1, got 1.5", "sim", "--crash-rate", "1.5"},
                {"--fault-every must be at least 100ms", "sim", "--fault-every", "50ms"},
                {"no lab test named 'Nope'", "lab", "--test", "Nope"},
                {"--jobs must be between 1 and 64, got 0", "lab", "--jobs", "0"},
                {"Missing required options: '--id=N', '--client=[HOST:]PORT', '--data=DIR'", "server"},
                {"expected HOST:PORT, got 'nowhere'", "server", "--id", "0", "--peers", "nowhere", "--client", "1",
                        "--data", "d"},
                {"--id must be between 0 and 1 (one per --peers entry)", "server", "--id", "2", "--peers", "a:1,b:2",
                        "--client", "8000", "--data", "d"},
                {"'maybe' is not on or off", "server", "--fsync", "maybe"},
                {"--tls-keystore and --tls-truststore go together", "server", "--id", "0", "--peers", "a:1",
                        "--client", "8000", "--data", "d", "--tls-keystore", "k.p12"},
                {"no command given", "client", "--servers", "127.0.0.1:8000"},
                {"get takes 1 argument(s), got 2", "client", "--servers", "127.0.0.1:8000", "get", "a", "b"},
                {"'2x' is not a duration", "client", "--servers", "127.0.0.1:8000", "--timeout", "2x", "status"},
                {"--nodes must be 3 or 5, got 4", "jepsen", "--nodes", "4"},
                {"--faults: unknown fault 'meteor'", "--faults", "meteor"},
                {"unknown workload 'queue'", "--workload", "queue"},
                {"--expect must be valid or invalid, got 'maybe'", "jepsen", "--expect", "maybe"},
                {"need --concurrency >= 1 and --time >= 1s", "jepsen", "--time", "500ms"},
                {"'1 minute' is not a duration", "jepsen", "--check-limit", "1 minute"},
                {"--inflight must be between 1 and 100000, got 0", "bench", "--inflight", "0"},
                {"Invalid value for option '--latency-ops'", "bench-sim", "--latency-ops", "many"},
                {"Unmatched argument at index 0: 'frobnicate'", "frobnicate"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            Captured r = run(args);
            assertEquals(64, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(c[0]), String.join(" ", args) + " says: " + r.err());
            assertTrue(r.err().contains("--help' for the options."), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            assertEquals("", r.out(), "nothing ran");
        }
    }
}
