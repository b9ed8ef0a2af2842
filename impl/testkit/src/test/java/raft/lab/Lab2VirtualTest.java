package raft.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// A hung node (say, a deadlock in the core) fails the test instead of hanging the build: all seeds of one test.
/** The lab 2 suite in virtual time: every test for lab.seeds seeds (a failure prints the seed and the replay command). */
@Timeout(value = 900, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Lab2VirtualTest {
    @Test
    void testInitialElection2A() {
        LabSuite.virtual("testInitialElection2A");
    }

    @Test
    void testReElection2A() {
        LabSuite.virtual("testReElection2A");
    }

    @Test
    void testManyElections2A() {
        LabSuite.virtual("testManyElections2A");
    }

    @Test
    void testBasicAgree2B() {
        LabSuite.virtual("testBasicAgree2B");
    }

    @Test
    void testRPCBytes2B() {
        LabSuite.virtual("testRPCBytes2B");
    }

    @Test
    void testFollowerFailure2B() {
        LabSuite.virtual("testFollowerFailure2B");
    }

    @Test
    void testLeaderFailure2B() {
        LabSuite.virtual("testLeaderFailure2B");
    }

    @Test
    void testFailAgree2B() {
        LabSuite.virtual("testFailAgree2B");
    }

    @Test
    void testFailNoAgree2B() {
        LabSuite.virtual("testFailNoAgree2B");
    }

    @Test
    void testConcurrentStarts2B() {
        LabSuite.virtual("testConcurrentStarts2B");
    }

    @Test
    void testRejoin2B() {
        LabSuite.virtual("testRejoin2B");
    }

    @Test
    void testBackup2B() {
        LabSuite.virtual("testBackup2B");
    }

    @Test
    void testCount2B() {
        LabSuite.virtual("testCount2B");
    }

    @Test
    void testPersist12C() {
        LabSuite.virtual("testPersist12C");
    }

    @Test
    void testPersist22C() {
        LabSuite.virtual("testPersist22C");
    }

    @Test
    void testPersist32C() {
        LabSuite.virtual("testPersist32C");
    }

    @Test
    void testFigure82C() {
        LabSuite.virtual("testFigure82C");
    }

    @Test
    void testUnreliableAgree2C() {
        LabSuite.virtual("testUnreliableAgree2C");
    }

    @Test
    void testFigure8Unreliable2C() {
        LabSuite.virtual("testFigure8Unreliable2C");
    }

    @Test
    void testReliableChurn2C() {
        LabSuite.virtual("testReliableChurn2C");
    }

    @Test
    void testUnreliableChurn2C() {
        LabSuite.virtual("testUnreliableChurn2C");
    }

    @Test
    void testSnapshotBasic2D() {
        LabSuite.virtual("testSnapshotBasic2D");
    }

    @Test
    void testSnapshotInstall2D() {
        LabSuite.virtual("testSnapshotInstall2D");
    }

    @Test
    void testSnapshotInstallUnreliable2D() {
        LabSuite.virtual("testSnapshotInstallUnreliable2D");
    }

    @Test
    void testSnapshotInstallCrash2D() {
        LabSuite.virtual("testSnapshotInstallCrash2D");
    }

    @Test
    void testSnapshotInstallUnCrash2D() {
        LabSuite.virtual("testSnapshotInstallUnCrash2D");
    }

    @Test
    void testSnapshotAllCrash2D() {
        LabSuite.virtual("testSnapshotAllCrash2D");
    }

    @Test
    void testSnapshotInit2D() {
        LabSuite.virtual("testSnapshotInit2D");
    }
}
