package lincheck.api;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import clojure.lang.IPersistentMap;
import clojure.lang.Keyword;
import clojure.lang.PersistentVector;
import lincheck.edn.Edn;
import lincheck.edn.HistoryReader;
import lincheck.history.History;
import lincheck.history.HistoryBuilder;
import lincheck.edn.InputException;
import lincheck.model.Model;
import lincheck.report.ResultMap;
import lincheck.search.Budget;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Java entry point. It goes through the Clojure namespace lincheck.core (the same door a
 * Clojure or Jepsen user takes), so both front ends run one engine.
 *
 * <pre>
 * CheckResult r = Linearizability.check("kv", "{}", Path.of("history.edn"), CheckOptions.defaults());
 * if (r.verdict() != CheckResult.Verdict.VALID) System.err.println(r.edn());
 * </pre>
 */
public final class Linearizability {
    private Linearizability() {}

    private static final IFn ANALYSIS;
    private static final IFn MODEL;

    static {
        Clojure.var("clojure.core", "require").invoke(Clojure.read("lincheck.core"));
        ANALYSIS = Clojure.var("lincheck.core", "analysis");
        MODEL = Clojure.var("lincheck.model", "model");
    }

    /** Checks a history file (EDN: a vector of op maps, or one map per line). */
    public static CheckResult check(String model, String initEdn, Path historyFile, CheckOptions options) {
        return check(model, readInit(initEdn), historyFile, options, null);
    }

    /**
     * Checks ops given in memory: Clojure maps, or java.util.Maps with String keys ("process",
     * "type", "f", "value", ...) whose "type" and "f" are Strings and whose Lists become vectors.
     */
    public static CheckResult check(String model, String initEdn, List<?> ops, CheckOptions options) {
        List<Object> converted = new ArrayList<>(ops.size());
        for (Object op : ops) converted.add(toClojure(op, null));
        return analyse(model, readInit(initEdn), PersistentVector.create(converted), options, null);
    }

    /** Checks a history given as EDN text. */
    public static CheckResult checkEdn(String model, String initEdn, String historyEdn, CheckOptions options) {
        Object history = HistoryReader.read(new StringReader(historyEdn), "<history>");
        return analyse(model, readInit(initEdn), history, options, null);
    }

    /**
     * For the CLI: an already-read initial value and a budget it watches for progress. The file is
     * streamed into compact arrays as it is read (a million ops fit in a few hundred megabytes);
     * the budget's time and memory limits apply while reading too, and a heap that still runs out
     * gives :valid? :unknown with :cause :out-of-memory, never an error.
     */
    public static CheckResult check(String model, Object init, Path historyFile, CheckOptions options, Budget budget) {
        Budget b = budget != null ? budget : new Budget(options.timeLimit() == null ? 0 : options.timeLimit().toMillis(),
                options.memoryFraction());
        try {
            return readAndAnalyse(model, init, historyFile, options, b);
        } catch (Budget.Exhausted e) {
            return new CheckResult(ResultMap.unknown(options.algorithm(), e.cause));
        } catch (OutOfMemoryError e) {
            // Everything the check held was on the frames just unwound: there is heap again to answer.
            return new CheckResult(ResultMap.unknown(options.algorithm(), Budget.Cause.OUT_OF_MEMORY));
        }
    }

    private static CheckResult readAndAnalyse(String model, Object init, Path historyFile, CheckOptions options, Budget budget) {
        String name = historyFile.toString();
        Model m = (Model) MODEL.invoke(model, init, options.conventions().toEdn());
        try {
            HistoryBuilder builder = new HistoryBuilder(m, budget::checkpoint);
            HistoryReader.forEach(historyFile, builder::add);
            History h = builder.build();
            builder = null; // the build's arrays may go before the search starts
            return analyse(m, h, options, budget);
        } catch (InputException e) {
            throw e.inFile(name);
        }
    }

    private static CheckResult analyse(String model, Object init, Object history, CheckOptions o, Budget budget) {
        return analyse(MODEL.invoke(model, init, o.conventions().toEdn()), history, o, budget);
    }

    private static CheckResult analyse(Object m, Object history, CheckOptions o, Budget budget) {
        IPersistentMap opts = Edn.map(
                Analysis.ALGORITHM, Keyword.intern(null, o.algorithm()),
                Analysis.TIME_LIMIT, o.timeLimit() == null ? 0L : o.timeLimit().toMillis(),
                Analysis.MEMORY_LIMIT, o.memoryFraction(),
                Analysis.BUDGET, budget);
        Analysis.search(o.algorithm()); // rejects an unknown algorithm before any work
        return new CheckResult((IPersistentMap) ANALYSIS.invoke(m, history, opts));
    }

    /** Parses an initial value given as EDN text ("0", "{:x 0 :y 0}", "nil"). */
    public static Object readInit(String initEdn) {
        if (initEdn == null || initEdn.isBlank()) return null;
        try {
            return Edn.readString(initEdn);
        } catch (RuntimeException e) {
            throw new InputException("--init is not valid EDN (" + initEdn + "): " + e.getMessage());
        }
    }

    private static Object toClojure(Object x, String key) {
        if (x instanceof Map<?, ?> m && !(x instanceof IPersistentMap)) {
            IPersistentMap out = clojure.lang.PersistentArrayMap.EMPTY;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object k = e.getKey();
                String ks = k instanceof String s ? s : null;
                out = out.assoc(ks != null ? Edn.kw(ks) : k, toClojure(e.getValue(), ks));
            }
            return out;
        }
        if (x instanceof List<?> l && !(x instanceof clojure.lang.IPersistentCollection)) {
            List<Object> items = new ArrayList<>(l.size());
            for (Object i : l) items.add(toClojure(i, null));
            return PersistentVector.create(items);
        }
        if (x instanceof String s && ("type".equals(key) || "f".equals(key))) return Edn.kw(s);
        if (x instanceof Integer i) return i.longValue();
        return x;
    }
}
