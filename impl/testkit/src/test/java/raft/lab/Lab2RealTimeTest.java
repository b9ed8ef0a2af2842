package raft.lab;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The lab 2 suite in real time (real threads and timers, the same network rules), one run per
 * scenario. The 10 in {@link #EVERY_BUILD} run in every build (tag "realtime"; in virtual time
 * test threads never truly overlap, so testConcurrentStarts2B is among them); the rest are
 * tagged "realtime-full" and run with ci/soak --real. Tags apply to the factories, since JUnit
 * cannot tag a dynamic test.
 */
class Lab2RealTimeTest {
    static final Set<String> EVERY_BUILD = Set.of("testInitialElection2A", "testReElection2A", "testBasicAgree2B",
            "testFailAgree2B", "testConcurrentStarts2B", "testPersist12C", "testFigure8Unreliable2C",
            "testUnreliableChurn2C", "testSnapshotBasic2D", "testSnapshotInstallCrash2D");
    /** One real-time run (the lab allows 120 s). */
    static final Duration LIMIT = Duration.ofSeconds(300);

    @TestFactory
    @Tag("realtime")
    Stream<DynamicTest> lab2EveryBuild() {
        return tests(true);
    }

    @TestFactory
    @Tag("realtime-full")
    Stream<DynamicTest> lab2Rest() {
        return tests(false);
    }

    private static Stream<DynamicTest> tests(boolean everyBuild) {
        return LabSuite.selected(name -> EVERY_BUILD.contains(name) == everyBuild)
                .map(name -> LabSuite.dynamic(name, LIMIT, LabSuite::real));
    }
}
