package raft.lab;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * The lab 2 suite in virtual time: every scenario of {@link Scenarios} for lab.seeds seeds,
 * one dynamic test per scenario under the lab's name (a failure prints the seed and the
 * replay command). -Dlab.test=testX,testY runs only those.
 */
class Lab2VirtualTest {
    /** All seeds of one scenario. */
    static final Duration LIMIT = Duration.ofSeconds(900);

    @TestFactory
    Stream<DynamicTest> lab2() {
        return LabSuite.selected(name -> true).map(name -> LabSuite.dynamic(name, LIMIT, LabSuite::virtual));
    }
}
