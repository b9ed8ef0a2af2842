package raft.lab;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// A hung node (say, a deadlock in the core) fails the test instead of hanging the build: one real-time run (the lab allows 120 s).
/**
 * The lab 2 suite in real time (real threads and timers, the same network rules). The 10 tests
 * tagged "realtime" run in every build (in virtual time test threads never truly overlap, so
 * testConcurrentStarts2B is among them); the rest are tagged "realtime-full" and run with ci/soak --real.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Lab2RealTimeTest {
    @Test
    @Tag("realtime")
    void testInitialElection2A() {
        LabSuite.real("testInitialElection2A");
    }

    @Test
    @Tag("realtime")
    void testReElection2A() {
        LabSuite.real("testReElection2A");
    }

    @Test
    @Tag("realtime-full")
    void testManyElections2A() {
        LabSuite.real("testManyElections2A");
    }

    @Test
    @Tag("realtime")
    void testBasicAgree2B() {
        LabSuite.real("testBasicAgree2B");
    }

    @Test
    @Tag("realtime-full")
    void testRPCBytes2B() {
        LabSuite.real("testRPCBytes2B");
    }

    @Test
    @Tag("realtime-full")
    void testFollowerFailure2B() {
        LabSuite.real("testFollowerFailure2B");
    }

    @Test
    @Tag("realtime-full")
    void testLeaderFailure2B() {
        LabSuite.real("testLeaderFailure2B");
    }

    @Test
    @Tag("realtime")
    void testFailAgree2B() {
        LabSuite.real("testFailAgree2B");
    }

    @Test
    @Tag("realtime-full")
    void testFailNoAgree2B() {
        LabSuite.real("testFailNoAgree2B");
    }

    @Test
    @Tag("realtime")
    void testConcurrentStarts2B() {
        LabSuite.real("testConcurrentStarts2B");
    }

    @Test
    @Tag("realtime-full")
    void testRejoin2B() {
        LabSuite.real("testRejoin2B");
    }

    @Test
    @Tag("realtime-full")
    void testBackup2B() {
        LabSuite.real("testBackup2B");
    }

    @Test
    @Tag("realtime-full")
    void testCount2B() {
        LabSuite.real("testCount2B");
    }

    @Test
    @Tag("realtime")
    void testPersist12C() {
        LabSuite.real("testPersist12C");
    }

    @Test
    @Tag("realtime-full")
    void testPersist22C() {
        LabSuite.real("testPersist22C");
    }

    @Test
    @Tag("realtime-full")
    void testPersist32C() {
        LabSuite.real("testPersist32C");
    }

    @Test
    @Tag("realtime-full")
    void testFigure82C() {
        LabSuite.real("testFigure82C");
    }

    @Test
    @Tag("realtime-full")
    void testUnreliableAgree2C() {
        LabSuite.real("testUnreliableAgree2C");
    }

    @Test
    @Tag("realtime")
    void testFigure8Unreliable2C() {
        LabSuite.real("testFigure8Unreliable2C");
    }

    @Test
    @Tag("realtime-full")
    void testReliableChurn2C() {
        LabSuite.real("testReliableChurn2C");
    }

    @Test
    @Tag("realtime")
    void testUnreliableChurn2C() {
        LabSuite.real("testUnreliableChurn2C");
    }

    @Test
    @Tag("realtime")
    void testSnapshotBasic2D() {
        LabSuite.real("testSnapshotBasic2D");
    }

    @Test
    @Tag("realtime-full")
    void testSnapshotInstall2D() {
        LabSuite.real("testSnapshotInstall2D");
    }

    @Test
    @Tag("realtime-full")
    void testSnapshotInstallUnreliable2D() {
        LabSuite.real("testSnapshotInstallUnreliable2D");
    }

    @Test
    @Tag("realtime")
    void testSnapshotInstallCrash2D() {
        LabSuite.real("testSnapshotInstallCrash2D");
    }

    @Test
    @Tag("realtime-full")
    void testSnapshotInstallUnCrash2D() {
        LabSuite.real("testSnapshotInstallUnCrash2D");
    }

    @Test
    @Tag("realtime-full")
    void testSnapshotAllCrash2D() {
        LabSuite.real("testSnapshotAllCrash2D");
    }

    @Test
    @Tag("realtime-full")
    void testSnapshotInit2D() {
        LabSuite.real("testSnapshotInit2D");
    }
}
