package lincheck;

import lincheck.api.CheckOptions;
import lincheck.api.CheckResult;
import lincheck.api.Linearizability;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every Knossos history gets the expected verdict, and the named failing op, under every search. */
class CorpusTest {
    @Test
    void manifestIsReadable() {
        List<Corpus.Entry> entries = Corpus.entries();
        assertTrue(entries.size() >= 120, "expected the Knossos corpus under " + Corpus.dir() + ", found " + entries.size());
        assertTrue(entries.stream().filter(e -> e.failingIndex() >= 0).count() >= 5, "manifest names failing ops");
    }

    @TestFactory
    List<DynamicTest> everyHistoryUnderEverySearch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String algorithm : List.of("wgl", "linear", "competition")) {
            for (Corpus.Entry e : Corpus.entries()) {
                tests.add(DynamicTest.dynamicTest(algorithm + " " + e.path(), () -> {
                    CheckResult r = Linearizability.check(e.model(), e.init(), Corpus.file(e.path()),
                            CheckOptions.defaults().withAlgorithm(algorithm).withTimeLimit(Duration.ofSeconds(120)));
                    assertEquals(e.valid() ? CheckResult.Verdict.VALID : CheckResult.Verdict.INVALID, r.verdict(), r.edn());
                    if (e.failingIndex() >= 0) assertEquals(e.failingIndex(), r.failingIndex(), "failing op: " + r.edn());
                    if (!e.valid()) assertTrue(r.map().valAt(lincheck.report.ResultMap.FINAL_PATHS) != null, "has :final-paths");
                }));
            }
        }
        return tests;
    }
}
