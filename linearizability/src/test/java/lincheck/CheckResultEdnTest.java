package lincheck;

import lincheck.api.CheckOptions;
import lincheck.api.CheckResult;
import lincheck.api.Linearizability;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A result printed as EDN (what check-history writes) reads back into the same CheckResult. */
class CheckResultEdnTest {

    @Test
    void invalidAndValidResultsRoundTrip() {
        CheckResult bad = Linearizability.check("cas-register", "0", Corpus.file("cas-register/bad/cas-failure.edn"),
                CheckOptions.defaults());
        CheckResult read = CheckResult.fromEdn(bad.edn());
        assertEquals(CheckResult.Verdict.INVALID, read.verdict());
        assertEquals(bad.failingIndex(), read.failingIndex());
        assertEquals(bad.failingOpEdn(), read.failingOpEdn());
        assertEquals(1, read.exitCode());

        CheckResult good = CheckResult.fromEdn(Linearizability.check("cas-register", "0",
                Corpus.file("cas-register/good/memstress3-5.edn"), CheckOptions.defaults()).edn());
        assertEquals(CheckResult.Verdict.VALID, good.verdict());
        assertNull(good.failingOpEdn());
    }

    @Test
    void unknownKeepsItsCause() {
        CheckResult r = CheckResult.fromEdn("{:valid? :unknown, :cause :timeout, :analyzer :competition}");
        assertEquals(CheckResult.Verdict.UNKNOWN, r.verdict());
        assertEquals("timeout", r.cause());
        assertEquals(2, r.exitCode());
    }

    @Test
    void textThatIsNotAResultIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CheckResult.fromEdn("Exception in thread \"main\" {"));
        assertThrows(IllegalArgumentException.class, () -> CheckResult.fromEdn("{:valid true}"));
        assertThrows(IllegalArgumentException.class, () -> CheckResult.fromEdn("[:valid? true]"));
        assertThrows(IllegalArgumentException.class, () -> CheckResult.fromEdn(""));
    }
}
