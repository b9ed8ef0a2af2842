package raft.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import raft.core.Membership;
import raft.core.MembershipChange;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void testChangesWithRestarts() {
        LabSuite.virtual("testChangesWithRestarts");
    }

    @Test
    void testRemoveLeader() {
        LabSuite.virtual("testRemoveLeader");
    }

    /** The scenario's final check catches a member that answers a change as done without making it. */
    @Test
    void growCatchesAMemberThatOnlyPretendsToChange() {
        PeerFactory real = ScenariosMembership.factory("testGrowThreeToFive");
        PeerFactory pretending = (id, n, persister, transport, applier, scheduler, executor, random) ->
                new DelegatingReplica(real.create(id, n, persister, transport, applier, scheduler, executor, random)) {
                    @Override
                    public CompletableFuture<Membership> changeMembership(MembershipChange change) {
                        return CompletableFuture.completedFuture(inner.membership());   // done, it says
                    }
                };
        LabRun.SeedFailure f = assertThrows(LabRun.SeedFailure.class, () -> LabRun.virtual("testGrowThreeToFive",
                Scenarios.get("testGrowThreeToFive"), 1, pretending, LabSuite.QUIET));
        assertTrue(f.getMessage().contains("final configuration"), f.getMessage());
    }
}
