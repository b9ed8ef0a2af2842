package raft.spec.tlc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every TLC model of the suite named by -Dtlc.suite (default "ci": the CI models,
 * the liveness model and the bug variants) and checks each gives its expected
 * verdict: no violation, or exactly the named invariant violated.
 */
class TlcModelsTest {
    static final Path SPEC_DIR = Path.of(System.getProperty("spec.dir", "tla"));
    static final Path WORK = Path.of(System.getProperty("tlc.work", "target/tlc"));
    static final List<TlcMain.Row> ROWS = Collections.synchronizedList(new ArrayList<>());

    @AfterAll
    static void printTable() {
        System.out.println(Report.table(ROWS));
    }

    @TestFactory
    Stream<DynamicTest> modelsGiveTheirExpectedVerdicts() throws Exception {
        String suite = System.getProperty("tlc.suite", "ci");
        List<Model> models = Model.load(SPEC_DIR.resolve("models.tsv")).stream()
                .filter(m -> suite.equals("all") || m.suite().equals(suite))
                .toList();
        assertTrue(!models.isEmpty(), "no model in suite " + suite);
        TlcRunner runner = new TlcRunner(SPEC_DIR, WORK, 2, System.out::println);
        return models.stream().map(m -> DynamicTest.dynamicTest(m.name() + " -> " + m.expect(), () -> {
            TlcResult result = runner.run(m);
            ROWS.add(new TlcMain.Row(m, result));
            String report = Report.describe(m, result);
            System.out.println(report);
            assertTrue(m.accepts(result), report);
            if (!m.expectsPass()) {
                assertTrue(result.trace().size() > 1, "a violation must come with its counterexample:\n" + report);
                // Every step is named after a spec action, not a line number.
                result.trace().forEach(step -> assertTrue(step.action().matches("[A-Z]\\w*"),
                        "unnamed step " + step.action() + " in:\n" + report));
            } else {
                assertTrue(result.distinct() > 0 || result.generated() > 0, "no states explored:\n" + report);
            }
        }));
    }
}
