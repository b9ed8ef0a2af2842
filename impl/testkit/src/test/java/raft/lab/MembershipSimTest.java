package raft.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Membership changes (issue 13) in virtual time while commands commit, lab.seeds seeds each
 * (default 20; lab.seed replays one). A failure names every failing seed and the replay command.
 */
@Timeout(value = 900, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MembershipSimTest {
    @Test
    void testGrowThreeToFive() {
        LabSuite.virtual("testGrowThreeToFive");
    }

    @Test
    void testShrinkFiveToThree() {
        LabSuite.virtual("testShrinkFiveToThree");
    }

    @Test
    void testReplaceCrashed() {
        LabSuite.virtual("testReplaceCrashed");
    }

    @Test
    void testRemoveLeader() {
        LabSuite.virtual("testRemoveLeader");
    }
}
