package lincheck;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import clojure.lang.IPersistentMap;
import lincheck.api.CheckOptions;
import lincheck.api.CheckResult;
import lincheck.api.Linearizability;
import lincheck.bench.Generator;
import lincheck.edn.Edn;
import lincheck.edn.InputException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java API, the Clojure namespaces, keyed splitting and the resource limits. */
class ApiTest {
    static Map<String, Object> op(long process, String type, String f, Object value) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("process", process);
        m.put("type", type);
        m.put("f", f);
        m.put("value", value);
        return m;
    }

    @Test
    void javaApiOnAFile() {
        CheckResult r = Linearizability.check("cas-register", "0", Corpus.file("cas-register/bad/bad-analysis.edn"),
                CheckOptions.defaults());
        assertEquals(CheckResult.Verdict.INVALID, r.verdict());
        assertEquals(14, r.failingIndex());
        assertEquals(1, r.exitCode());
        IPersistentMap back = (IPersistentMap) Edn.readString(r.edn());
        assertEquals(Boolean.FALSE, back.valAt(Edn.kw("valid?")));
        assertTrue(r.json().contains("\"final-paths\":["), r.json());
    }

    @Test
    void javaApiOnKvOpsInMemory() {
        List<Map<String, Object>> ops = List.of(
                op(0, "invoke", "put", List.of("a", "1")),
                op(1, "invoke", "get", Arrays.asList("a", null)),
                op(0, "ok", "put", List.of("a", "1")),
                op(1, "ok", "get", List.of("a", "1")),
                op(2, "invoke", "append", List.of("a", "x")),
                op(2, "ok", "append", List.of("a", "x")),
                op(3, "invoke", "cas", List.of("a", List.of("1x", "2"))),
                op(3, "ok", "cas", List.of("a", List.of("1x", "2"))),
                op(4, "invoke", "get", Arrays.asList("b", null)),
                op(4, "ok", "get", Arrays.asList("b", null)));
        CheckResult ok = Linearizability.check("kv", "{}", ops, CheckOptions.defaults());
        assertEquals(CheckResult.Verdict.VALID, ok.verdict(), ok.edn());

        List<Map<String, Object>> bad = new ArrayList<>(ops);
        bad.add(op(5, "invoke", "get", Arrays.asList("a", null)));
        bad.add(op(5, "ok", "get", List.of("a", "1x")));
        CheckResult r = Linearizability.check("kv", "{}", bad, CheckOptions.defaults().withAlgorithm("wgl"));
        assertEquals(CheckResult.Verdict.INVALID, r.verdict());
        assertEquals(11, r.failingIndex());
        assertEquals("a", r.map().valAt(Edn.kw("key")), "the failing key is named: " + r.edn());
        assertEquals(2L, r.map().valAt(Edn.kw("keys")), "checked as two independent keys");
    }

    @Test
    void javaApiOnEdnText() {
        String h = "{:process 0 :type :invoke :f :acquire}\n{:process 0 :type :ok :f :acquire}\n"
                + "{:process 1 :type :invoke :f :acquire}\n{:process 1 :type :ok :f :acquire}\n";
        CheckResult r = Linearizability.checkEdn("mutex", null, h, CheckOptions.defaults());
        assertEquals(CheckResult.Verdict.INVALID, r.verdict());
        assertEquals(3, r.failingIndex());
        InputException e = assertThrows(InputException.class,
                () -> Linearizability.checkEdn("mutex", null, "{:process 0 :type :invoke :f :lock}", CheckOptions.defaults()));
        assertTrue(e.getMessage().contains("1:1"), e.getMessage());
    }

    @Test
    void clojureNamespaceHasKnossosShape() {
        IFn eval = Clojure.var("clojure.core", "load-string");
        String file = Corpus.file("cas-register/bad/cas-failure.edn").toString().replace("\\", "/");
        Object r = eval.invoke("(require '[lincheck.core :as c] '[lincheck.model :as m] '[lincheck.wgl] '[lincheck.linear])"
                + "(let [h (c/read-history \"" + file + "\")]"
                + "  [(c/analysis (m/cas-register 0) h)"
                + "   (lincheck.wgl/analysis (m/cas-register 0) h)"
                + "   (lincheck.linear/analysis (m/cas-register 0) h {:time-limit 60000})"
                + "   (lincheck.core/analysis (m/register) [{:process 0 :type :invoke :f :write :value 1}"
                + "                                          {:process 0 :type :ok :f :write :value 1}])])");
        List<?> results = (List<?>) r;
        for (int i = 0; i < 3; i++) {
            Object res = results.get(i);
            assertEquals(Boolean.FALSE, Edn.get(res, Edn.kw("valid?")));
            assertEquals(491L, Edn.get(Edn.get(res, Edn.kw("op")), Edn.kw("index")));
            assertEquals(478L, Edn.get(Edn.get(res, Edn.kw("previous-ok")), Edn.kw("index")));
        }
        assertEquals(Edn.kw("wgl"), Edn.get(results.get(1), Edn.kw("analyzer")));
        assertEquals(Edn.kw("linear"), Edn.get(results.get(2), Edn.kw("analyzer")));
        assertEquals(Boolean.TRUE, Edn.get(results.get(3), Edn.kw("valid?")));
        Object step = eval.invoke("(lincheck.model/inconsistent? (lincheck.model/step (lincheck.model/cas-register 0) {:f :read :value 1}))");
        assertEquals(Boolean.TRUE, step);
    }

    /** A long history with many crashed writes and a corrupted read near the end: expensive to refute. */
    static List<IPersistentMap> hard() {
        Generator g = new Generator("register", 11, 5);
        return g.corrupt(g.history(10_000, 10, 0.02, 1));
    }

    @Test
    void timeLimitAnswersUnknown() {
        for (String alg : List.of("wgl", "linear", "competition")) {
            CheckResult r = Linearizability.check("register", "0", hard(),
                    CheckOptions.defaults().withAlgorithm(alg).withTimeLimit(Duration.ofMillis(200)));
            assertEquals(CheckResult.Verdict.UNKNOWN, r.verdict(), alg + ": " + r.edn());
            assertEquals("timeout", r.cause(), alg);
            assertEquals(2, r.exitCode());
        }
    }

    @Test
    void memoryWatchdogAnswersUnknown() {
        // A limit of 0% of the heap: the first poll of the watchdog must stop the search.
        for (String alg : List.of("wgl", "linear")) {
            CheckResult r = Linearizability.check("register", "0", hard(),
                    CheckOptions.defaults().withAlgorithm(alg).withMemoryFraction(0.0));
            assertEquals("out-of-memory", r.cause(), alg + ": " + r.edn());
        }
        assertNull(Linearizability.check("register", "0", List.of(), CheckOptions.defaults()).cause());
    }
}
