package lincheck;

import clojure.lang.IPersistentMap;
import clojure.lang.PersistentVector;
import lincheck.bench.Generator;
import lincheck.edn.Edn;
import lincheck.history.History;
import lincheck.model.Conventions;
import lincheck.model.Model;
import lincheck.model.Models;
import lincheck.search.Budget;
import lincheck.search.Linear;
import lincheck.search.Outcome;
import lincheck.search.Wgl;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * On random small histories of every model (random concurrent executions, so linearizable, and
 * the same with one observed value corrupted), WGL, linear and brute force give the same verdict,
 * and the uncorrupted ones are valid. Each try records and checks values by Knossos's conventions
 * or by the other ones ({@link #otherConventions}: absent kv keys read "", register reads of nil
 * are values, and nil is then written and read).
 */
class AgreementPropertiesTest {
    @Provide
    Arbitrary<String> models() {
        return Arbitraries.of(Models.names());
    }

    /** The conventions other than Knossos's that mean something for {@code model}. */
    static Conventions otherConventions(String model) {
        return switch (model) {
            case "kv" -> Conventions.DEFAULT.withAbsent("");
            case "register", "cas-register" -> Conventions.DEFAULT.withNilRead(Conventions.NilRead.VALUE);
            default -> Conventions.DEFAULT;
        };
    }

    @Property(tries = 1000)
    void searchesAgree(@ForAll("models") String model, @ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int ops,
                       @ForAll @IntRange(min = 1, max = 4) int processes, @ForAll boolean corrupt,
                       @ForAll @IntRange(min = 0, max = 4) int crashTenths, @ForAll boolean knossos) {
        Conventions conventions = knossos ? Conventions.DEFAULT : otherConventions(model);
        Generator g = new Generator(model, seed, 3).withConventions(conventions);
        List<IPersistentMap> h = g.history(ops, processes, crashTenths / 10.0, 2);
        if (corrupt) h = g.corrupt(h);
        Model initial = Models.create(model, Edn.readString(Generator.initFor(model)), conventions);
        History history = History.of(initial, PersistentVector.create(h));
        boolean brute = BruteForce.linearizable(initial, history);
        Outcome wgl = new Wgl().run(initial, history, new Budget(0, 0.9));
        Outcome linear = new Linear().run(initial, history, new Budget(0, 0.9));
        Statistics.label("verdict").collect(model, knossos ? "knossos" : "other", brute ? "valid" : "invalid");
        String shown = model + " " + conventions + " " + Edn.pr(PersistentVector.create(h));
        if (!corrupt) assertEquals(true, brute, "a recorded execution is linearizable: " + shown);
        assertEquals(brute, wgl.verdict() == Outcome.Verdict.VALID, "wgl vs brute force: " + shown);
        assertEquals(brute, linear.verdict() == Outcome.Verdict.VALID, "linear vs brute force: " + shown);
        if (!brute) assertEquals(wgl.failingOp(), linear.failingOp(), "same failing op: " + shown);
        // Splitting by key must not change the verdict either.
        if (model.equals("kv") || model.equals("multi-register")) {
            Object r = lincheck.api.Analysis.run(initial, PersistentVector.create(h), Edn.map(Edn.kw("algorithm"), Edn.kw("wgl")));
            assertEquals(brute, Edn.get(r, Edn.kw("valid?")), "keyed analysis: " + shown);
        }
    }
}
