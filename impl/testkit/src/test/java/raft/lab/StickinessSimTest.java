package raft.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import raft.core.RaftConfig;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pre-vote, check-quorum and leadership transfer in virtual time, lab.seeds seeds each
 * (default 20; lab.seed replays one). A failure names every failing seed and the replay command.
 */
@Timeout(value = 900, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StickinessSimTest {
    @Test
    void testPartitionedFollowerRejoins() {
        LabSuite.virtual("testPartitionedFollowerRejoins");
    }

    @Test
    void testPartitionedLeaderStepsDown() {
        LabSuite.virtual("testPartitionedLeaderStepsDown");
    }

    @Test
    void testTransferToUpToDate() {
        LabSuite.virtual("testTransferToUpToDate");
    }

    @Test
    void testTransferToLagging() {
        LabSuite.virtual("testTransferToLagging");
    }

    @Test
    void testTransferToDead() {
        LabSuite.virtual("testTransferToDead");
    }

    // The scenarios catch the behaviour they are about: without the feature they fail.

    @Test
    void followerScenarioFailsWithoutPreVote() {
        expectFailure("testPartitionedFollowerRejoins", ScenariosStickiness.CONFIG.withPreVote(false), "term");
    }

    @Test
    void leaderScenarioFailsWithoutCheckQuorum() {
        expectFailure("testPartitionedLeaderStepsDown", ScenariosStickiness.CONFIG.withCheckQuorum(false), "still leads");
    }

    private static void expectFailure(String test, RaftConfig config, String expected) {
        LabRun.SeedFailure f = assertThrows(LabRun.SeedFailure.class, () -> LabRun.virtual(test, Scenarios.get(test),
                1, PeerFactory.withConfig(config), LabSuite.QUIET));
        assertTrue(f.getMessage().contains(expected), f.getMessage());
    }
}
