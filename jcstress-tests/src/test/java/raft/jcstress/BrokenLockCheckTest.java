package raft.jcstress;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import raft.jcstress.run.JcstressReport;
import raft.jcstress.run.JcstressReport.TestResult;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proof that the probes can fail: jcstress runs them against the real RaftNode with a
 * broken lock (chosen by raft.probe.lock in the forked VMs, see ProbeLocks) and must report
 * FORBIDDEN outcomes; with the real lock it must report none. Short, bounded runs: one
 * JVM mode, one fork per configuration, one iteration.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokenLockCheckTest {
    private static final String PKG = "raft.jcstress.probes.";
    private static final List<String> ALL = List.of("ConcurrentStartProbe", "StateSnapshotProbe",
            "VoteVersusTimerProbe", "PersistVoteProbe", "PersistAppendProbe", "ApplyVersusSnapshotProbe",
            "ApplyVersusInstallSnapshotProbe", "SnapshotFromApplierProbe", "ShutdownProbe");
    /**
     * Probes that catch a no-op lock in hundreds of samples per short run. The state() probe
     * is left out of the assertion: its torn window is a couple of field writes wide, so a
     * no-op lock shows there only a few times per million samples (reported, not required).
     */
    private static final Set<String> CATCH_NOOP = Set.of("ConcurrentStartProbe", "VoteVersusTimerProbe",
            "PersistVoteProbe", "PersistAppendProbe", "ApplyVersusSnapshotProbe",
            "ApplyVersusInstallSnapshotProbe", "SnapshotFromApplierProbe", "ShutdownProbe");
    /** A lock that lets go at once (but still orders memory) must be caught where atomicity matters. */
    private static final List<String> CATCH_EARLY = List.of("ConcurrentStartProbe", "PersistVoteProbe",
            "PersistAppendProbe", "ApplyVersusInstallSnapshotProbe");

    @Test
    @Order(1)
    void noOpLockIsCaught() throws Exception {
        JcstressReport report = JcstressProcess.run("noop", JcstressProcess.NODE_PROBES, 200);
        assertAllRan(report, ALL);
        assertEquals(new TreeSet<>(CATCH_NOOP), caughtWithRetry("noop", report, List.copyOf(CATCH_NOOP)),
                "probes that must observe a FORBIDDEN outcome with a no-op lock");
    }

    @Test
    @Order(2)
    void earlyReleasedLockIsCaught() throws Exception {
        String selection = PKG.replace(".", "\\.") + "(" + String.join("|", CATCH_EARLY) + ")$";
        JcstressReport report = JcstressProcess.run("early", selection, 200);
        assertAllRan(report, CATCH_EARLY);
        assertEquals(new TreeSet<>(CATCH_EARLY), caughtWithRetry("early", report, CATCH_EARLY),
                "probes that must observe a FORBIDDEN outcome with a lock released too early");
    }

    @Test
    @Order(3)
    void realLockPassesEveryProbe() throws Exception {
        JcstressReport report = JcstressProcess.run("real", JcstressProcess.NODE_PROBES, 200);
        assertAllRan(report, ALL);
        assertTrue(report.failing().isEmpty(), "with the real lock no probe may fail or see a FORBIDDEN outcome:\n"
                + report.summary());
    }

    private static void assertAllRan(JcstressReport report, List<String> names) {
        for (String n : names) {
            TestResult t = report.tests().get(PKG + n);
            assertTrue(t != null && t.samples() > 0, n + " did not run:\n" + report.summary());
        }
    }

    /**
     * Some races open a window only a few instructions wide, so a short run on a loaded
     * machine can miss one. Probes that saw nothing get one more, longer run; a broken lock
     * is caught if either run shows a FORBIDDEN outcome.
     */
    private static Set<String> caughtWithRetry(String lock, JcstressReport first, List<String> among)
            throws Exception {
        Set<String> out = caught(first, among);
        List<String> missed = among.stream().filter(n -> !out.contains(n)).toList();
        if (!missed.isEmpty()) {
            String selection = PKG.replace(".", "\\.") + "(" + String.join("|", missed) + ")$";
            out.addAll(caught(JcstressProcess.run(lock + "-retry", lock, selection, 1000), missed));
        }
        return out;
    }

    private static Set<String> caught(JcstressReport report, List<String> among) {
        Set<String> out = new TreeSet<>();
        for (String n : among) {
            TestResult t = report.tests().get(PKG + n);
            if (t != null && t.sawForbidden()) {
                out.add(n);
            }
        }
        return out;
    }
}
