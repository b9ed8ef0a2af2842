package raft.spec.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import raft.core.RaftConfig;
import raft.core.RaftStorage;

/**
 * Traces of the real core in simulated lab scenarios validate against Raft.tla; a trace
 * of a core whose storage forgets votedFor (a broken node injected through the storage
 * seam) is rejected at the first restart that lost a vote.
 */
class LabTraceTest {
    static final Path SPEC_DIR = Path.of(System.getProperty("spec.dir", "tla"));
    static final Path WORK = Path.of(System.getProperty("tlc.work", "target/tlc")).resolve("traces");
    static final List<String> SCENARIOS = List.of(System.getProperty("trace.scenarios",
            "testInitialElection2A,testBackup2B,testFigure8Unreliable2C,testSnapshotInstall2D").split(","));
    static final int SEEDS = Integer.getInteger("trace.seeds", 2);

    @TestFactory
    Stream<DynamicTest> labScenarioTracesValidate() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String scenario : SCENARIOS) {
            for (long seed = 1; seed <= SEEDS; seed++) {
                long s = seed;
                tests.add(DynamicTest.dynamicTest(scenario + " seed " + s, () ->
                        recordValid("", scenario, s, RaftConfig.defaults(), WORK.resolve(scenario + "-" + s), List.of())));
            }
        }
        return tests.stream();
    }

    /**
     * Records scenario with seed and config into dir/TraceLog.tla, requires the trace to hold an event of each
     * of actions (so a scenario that stopped exercising them fails rather than passes vacuously) and to be
     * valid; returns the trace's text. label prefixes the printed line.
     */
    static String recordValid(String label, String scenario, long seed, RaftConfig config, Path dir,
                              List<String> actions) throws Exception {
        Files.createDirectories(dir);
        Path trace = dir.resolve("TraceLog.tla");
        long t0 = System.nanoTime();
        long events = TraceRecorder.record(scenario, seed, trace, config, UnaryOperator.identity());
        long recordMs = (System.nanoTime() - t0) / 1_000_000;
        String text = Files.readString(trace);
        for (String action : actions) {
            assertTrue(text.contains("[action |-> \"" + action + "\""),
                    scenario + " seed " + seed + ": no " + action + " event in " + trace);
        }
        TraceValidator.Verdict v = new TraceValidator(SPEC_DIR, dir, System.out::println)
                .validate(trace, Duration.ofSeconds(900));
        System.out.printf("[trace] %s%s seed %d: %,d events recorded in %d ms; %s%n", label, scenario, seed, events,
                recordMs, v.describe());
        assertTrue(v.valid(), "trace " + trace + " of " + scenario + " seed " + seed + ":\n" + v.describe());
        assertEquals(events, v.events());
        return text;
    }

    /** Storage that forgets votedFor when a server restarts: the bug of voting twice in a term. */
    static RaftStorage forgetsVote(RaftStorage real) {
        return new RaftStorage() {
            @Override
            public Recovered recover() {
                Recovered r = real.recover();
                return new Recovered(r.term(), -1, r.snapshotIndex(), r.snapshotTerm(), r.snapshot(), r.entries());
            }

            @Override
            public void persist(Update update) {
                real.persist(update);
            }
        };
    }

    @Test
    void aCoreThatForgetsItsVoteIsRejectedAtTheRestart() throws Exception {
        Path dir = WORK.resolve("broken-votedfor");
        Files.createDirectories(dir);
        Path trace = dir.resolve("TraceLog.tla");
        TraceRecorder.record("testPersist12C", 1, trace, LabTraceTest::forgetsVote);
        // The first Restart of a node after it recorded a vote: there recovery dropped it.
        List<String> lines = Files.readAllLines(trace);
        int[] votedFor = new int[16];
        java.util.Arrays.fill(votedFor, -1);
        long expected = 0;
        for (int n = TlaTraceWriter.FIRST_EVENT_LINE - 1, k = 1; n < lines.size() && expected == 0; n++) {
            String line = lines.get(n);
            if (!line.startsWith("  [") && !line.startsWith(", [")) {
                continue;
            }
            int node = Integer.parseInt(field(line, "node"));
            int vote = Integer.parseInt(field(line, "votedFor"));
            if (line.contains("action |-> \"Restart\"") && votedFor[node] != -1 && vote == -1) {
                expected = k;
            }
            votedFor[node] = vote;
            k++;
        }
        assertTrue(expected > 0, "the scenario never restarted a node that had voted");
        TraceValidator.Verdict v = new TraceValidator(SPEC_DIR, dir, System.out::println)
                .validate(trace, Duration.ofSeconds(600));
        System.out.println("[trace] broken core: " + v.describe());
        assertFalse(v.valid());
        assertEquals(expected, v.failedEvent(), v.describe());
        assertTrue(v.event().startsWith("[action |-> \"Restart\""), v.event());
    }

    private static String field(String line, String name) {
        int at = line.indexOf(", " + name + " |-> ");
        if (at < 0) {
            at = line.indexOf("[" + name + " |-> ");
        }
        String rest = line.substring(line.indexOf("|-> ", at) + 4);
        return rest.substring(0, rest.indexOf(','));
    }
}
