package raft.spec.trace;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import raft.core.RaftConfig;

/**
 * Traces of the core with RaftConfig.lab() (pre-vote, check-quorum: the server profile without
 * its no-op on election, whose empty command the lab's applier cannot decode) validate against
 * RaftLeadership.tla: the stickiness scenarios (pre-vote rounds of a partitioned follower, a
 * check-quorum step-down, transfers that complete and one that times out) and a lab scenario
 * with snapshots (testBackup2B validates too, 2,200 events, but costs 25 s more; run it with
 * ci/trace-validate --record testBackup2B 1 T.tla --server). Each trace must contain the events its scenario is about, so a
 * scenario that stopped exercising them would fail here rather than pass vacuously.
 */
class LeadershipTraceTest {
    static final Path WORK = LabTraceTest.WORK.resolve("server");
    static final long SEED = Long.getLong("trace.seed", 1);

    /** Scenario and the actions its trace must contain. */
    static final Map<String, List<String>> SCENARIOS = Map.of(
            "testPartitionedFollowerRejoins", List.of("PreVoteTimeout", "RequestPreVote", "HandlePreVoteRequest",
                    "HandlePreVoteReply", "CheckQuorum"),
            "testPartitionedLeaderStepsDown", List.of("StepDown", "BecomeCandidate"),
            "testTransferToLagging", List.of("TransferLeadership", "SendTimeoutNow", "HandleTimeoutNow",
                    "RequestTransferVote"),
            "testTransferToDead", List.of("TransferLeadership", "TransferTimeout"),
            "testTransferToUpToDate", List.of("TransferLeadership", "SendTimeoutNow", "HandleTimeoutNow"),
            "testSnapshotInstall2D", List.of("InstallSnapshot", "HandleInstallSnapshotReply"));

    @TestFactory
    Stream<DynamicTest> serverProfileTracesValidate() {
        List<DynamicTest> tests = new ArrayList<>();
        SCENARIOS.keySet().stream().sorted().forEach(scenario -> tests.add(DynamicTest.dynamicTest(scenario, () -> {
            String text = LabTraceTest.recordValid("server profile ", scenario, SEED, RaftConfig.lab(),
                    WORK.resolve(scenario + "-" + SEED), SCENARIOS.get(scenario));
            assertTrue(text.contains("TraceSticky == TRUE"), scenario);
        })));
        return tests.stream();
    }
}
