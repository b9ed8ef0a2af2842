package raft.lab;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A seed replays exactly: the digest covers every event the simulator executes. */
class DeterminismTest {

    private static LabRun.Result run(String test, long seed) {
        return LabRun.virtual(test, Scenarios.get(test), seed, Scenarios.factory(test), LabSuite.QUIET);
    }

    @Test
    void sameSeedSameDigestWithTestThreads() {
        // churn has three client fibers, crashes, restarts and an unreliable network
        LabRun.Result a = run("testUnreliableChurn2C", 42);
        LabRun.Result b = run("testUnreliableChurn2C", 42);
        assertEquals(a.digest(), b.digest());
        assertEquals(a.events(), b.events());
        assertEquals(a.virtualMillis(), b.virtualMillis());
    }

    @Test
    void sameSeedSameDigestWithReorderingAndSnapshots() {
        assertEquals(run("testFigure8Unreliable2C", 7).digest(), run("testFigure8Unreliable2C", 7).digest());
        assertEquals(run("testSnapshotInstallUnCrash2D", 9).digest(),
                run("testSnapshotInstallUnCrash2D", 9).digest());
    }

    @Test
    void sameSeedSameDigestWithTransfers() {
        // the transfer's future completes through the scheduler, so it replays too
        assertEquals(run("testTransferToLagging", 5).digest(), run("testTransferToLagging", 5).digest());
    }

    @Test
    void differentSeedsDiverge() {
        assertNotEquals(run("testUnreliableAgree2C", 1).digest(), run("testUnreliableAgree2C", 2).digest());
    }
}
