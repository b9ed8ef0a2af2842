package raft.jcstress;

import org.junit.jupiter.api.Test;
import raft.jcstress.run.JcstressReport;
import raft.jcstress.run.JcstressReport.TestResult;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log parser on the shapes jcstress 0.16 prints (copied from a run of these probes). */
class JcstressReportTest {
    private static final List<String> LOG = List.of(
            "(Results: 16 planned; 14 passed, 2 failed, 0 soft errs, 0 hard errs)",
            "RUN RESULTS:",
            "  Failed tests: 1 matching test results.",
            "",
            "...... [FAILED] raft.jcstress.probes.ShutdownProbe",
            "",
            "  Results across all configurations:",
            "",
            "   RESULT  SAMPLES     FREQ      EXPECT  DESCRIPTION",
            "  0, 0, 0  753,695  100.00%  Acceptable  silent after kill, nothing thrown",
            "  0, 1, 0        7   <0.01%   Forbidden  a send or apply after kill() returned",
            "",
            "  All remaining tests: 1 matching test results.",
            ".......... [OK] raft.jcstress.probes.PersistVoteProbe",
            "   RESULT  SAMPLES     FREQ       EXPECT  DESCRIPTION",
            "  0, 0, 0        0    0.00%  Interesting  refused both: safe but unexpected",
            "  0, 1, 0  217,903   33.54%   Acceptable  one vote, durable before the reply",
            "  1, 0, 0  431,793   66.46%   Acceptable  one vote, durable before the reply");

    @Test
    void sumsSamplesAndForbiddenOutcomesPerTest() {
        JcstressReport r = JcstressReport.parse(LOG);
        assertTrue(r.complete());
        TestResult shutdown = r.tests().get("raft.jcstress.probes.ShutdownProbe");
        assertEquals("FAILED", shutdown.status());
        assertEquals(753_702, shutdown.samples());
        assertEquals(7, shutdown.forbidden());
        assertEquals(7L, shutdown.forbiddenOutcomes().get("0, 1, 0"));
        TestResult vote = r.tests().get("raft.jcstress.probes.PersistVoteProbe");
        assertEquals("OK", vote.status());
        assertEquals(649_696, vote.samples());
        assertFalse(vote.sawForbidden());
        assertEquals(List.of(shutdown), r.failing());
    }

    @Test
    void aRunThatNeverReachedItsResultsIsIncomplete() {
        JcstressReport r = JcstressReport.parse(List.of("FATAL: No matching tests."));
        assertFalse(r.complete());
        assertTrue(r.tests().isEmpty());
    }
}
