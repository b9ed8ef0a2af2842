package raft.jepsen;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline can catch a real consistency bug: with reads served from any
 * node's local state, a short run of three real server processes under partitions
 * must produce a history the checker rejects.
 */
class StaleReadJepsenTest {

    @Test
    void staleReadsUnderPartitionsAreCaughtAsNonLinearizable() throws Exception {
        Path out = Files.createTempDirectory("stale-jepsen");
        var options = new JepsenRun.Options(3, 15_000, "cas-register", 1, 5, 60, Set.of("partition"),
                1500, 5000, true, false, 42, out, 60_000, 500, 5000);
        JepsenRun.Outcome outcome = new JepsenRun(options, System.out).run();
        assertTrue(outcome.ok() > 50, "the clients got work done: " + outcome.ok() + " ok");
        assertEquals("false", outcome.valid(), "stale reads must be reported non-linearizable");
        assertTrue(Files.size(out.resolve("timeline.html")) > 0, "the failure's timeline is written");
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("NOT LINEARIZABLE") && report.contains("class=\"fault\""),
                "the report shows the verdict and the shaded partitions");
    }
}
