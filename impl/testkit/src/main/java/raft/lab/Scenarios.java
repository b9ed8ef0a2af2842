package raft.lab;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The 28 lab 2 tests by their Go names (lower-case first letter), in file order, and the
 * scenarios of pre-vote, check-quorum and leadership transfer (EXTENSIONS) on the same harness.
 */
public final class Scenarios {
    private Scenarios() {
    }

    public static final Map<String, LabRun.Body> ALL = new LinkedHashMap<>();

    static {
        ALL.put("testInitialElection2A", Scenarios2AB::initialElection2A);
        ALL.put("testReElection2A", Scenarios2AB::reElection2A);
        ALL.put("testManyElections2A", Scenarios2AB::manyElections2A);
        ALL.put("testBasicAgree2B", Scenarios2AB::basicAgree2B);
        ALL.put("testRPCBytes2B", Scenarios2AB::rpcBytes2B);
        ALL.put("testFollowerFailure2B", Scenarios2AB::followerFailure2B);
        ALL.put("testLeaderFailure2B", Scenarios2AB::leaderFailure2B);
        ALL.put("testFailAgree2B", Scenarios2AB::failAgree2B);
        ALL.put("testFailNoAgree2B", Scenarios2AB::failNoAgree2B);
        ALL.put("testConcurrentStarts2B", Scenarios2AB::concurrentStarts2B);
        ALL.put("testRejoin2B", Scenarios2AB::rejoin2B);
        ALL.put("testBackup2B", Scenarios2AB::backup2B);
        ALL.put("testCount2B", Scenarios2AB::count2B);
        ALL.put("testPersist12C", Scenarios2CD::persist12C);
        ALL.put("testPersist22C", Scenarios2CD::persist22C);
        ALL.put("testPersist32C", Scenarios2CD::persist32C);
        ALL.put("testFigure82C", Scenarios2CD::figure82C);
        ALL.put("testUnreliableAgree2C", Scenarios2CD::unreliableAgree2C);
        ALL.put("testFigure8Unreliable2C", Scenarios2CD::figure8Unreliable2C);
        ALL.put("testReliableChurn2C", Scenarios2CD::reliableChurn2C);
        ALL.put("testUnreliableChurn2C", Scenarios2CD::unreliableChurn2C);
        ALL.put("testSnapshotBasic2D", Scenarios2CD::snapshotBasic2D);
        ALL.put("testSnapshotInstall2D", Scenarios2CD::snapshotInstall2D);
        ALL.put("testSnapshotInstallUnreliable2D", Scenarios2CD::snapshotInstallUnreliable2D);
        ALL.put("testSnapshotInstallCrash2D", Scenarios2CD::snapshotInstallCrash2D);
        ALL.put("testSnapshotInstallUnCrash2D", Scenarios2CD::snapshotInstallUnCrash2D);
        ALL.put("testSnapshotAllCrash2D", Scenarios2CD::snapshotAllCrash2D);
        ALL.put("testSnapshotInit2D", Scenarios2CD::snapshotInit2D);
    }

    public static final Map<String, LabRun.Body> EXTENSIONS = new LinkedHashMap<>();

    static {
        EXTENSIONS.put("testPartitionedFollowerRejoins", ScenariosStickiness::partitionedFollowerRejoins);
        EXTENSIONS.put("testPartitionedLeaderStepsDown", ScenariosStickiness::partitionedLeaderStepsDown);
        EXTENSIONS.put("testTransferToUpToDate", ScenariosStickiness::transferToUpToDate);
        EXTENSIONS.put("testTransferToLagging", ScenariosStickiness::transferToLagging);
        EXTENSIONS.put("testTransferToDead", ScenariosStickiness::transferToDead);
    }

    public static LabRun.Body get(String name) {
        LabRun.Body b = ALL.containsKey(name) ? ALL.get(name) : EXTENSIONS.get(name);
        if (b == null && ScenariosMembership.ALL.containsKey(name)) {
            b = ScenariosMembership.ALL.get(name).body();
        }
        if (b == null) {
            throw new IllegalArgumentException("no lab test named " + name + "; known: " + ALL.keySet() + " and "
                    + EXTENSIONS.keySet() + " and " + ScenariosMembership.ALL.keySet());
        }
        return b;
    }

    /** A membership scenario's initial configuration (its other slots are joiners); null for the others. */
    public static raft.core.Membership initialMembers(String name) {
        ScenariosMembership.Scenario s = ScenariosMembership.ALL.get(name);
        return s == null ? null : ScenariosMembership.voters(s.initialVoters());
    }

    /** How a test builds its peers: the extension scenarios need pre-vote and check-quorum whatever the lab uses. */
    public static PeerFactory factory(String name) {
        if (ScenariosMembership.ALL.containsKey(name)) {
            return ScenariosMembership.factory(name);
        }
        return EXTENSIONS.containsKey(name) ? PeerFactory.withConfig(ScenariosStickiness.CONFIG) : PeerFactory.RAFT_NODE;
    }
}
