package lincheck.api;

import clojure.lang.IPersistentMap;
import clojure.lang.Keyword;
import clojure.lang.RT;
import lincheck.edn.Edn;
import lincheck.history.History;
import lincheck.edn.InputException;
import lincheck.model.Model;
import lincheck.report.ResultMap;
import lincheck.search.Budget;
import lincheck.search.Competition;
import lincheck.search.Linear;
import lincheck.search.Outcome;
import lincheck.search.Search;
import lincheck.search.Wgl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The engine's entry point: preprocess a history, split it by key when the model allows
 * (P-compositionality), search each part (in parallel), and return Knossos's result map.
 */
public final class Analysis {
    private Analysis() {}

    public static final Keyword ALGORITHM = Edn.kw("algorithm");
    public static final Keyword TIME_LIMIT = Edn.kw("time-limit");
    public static final Keyword MEMORY_LIMIT = Edn.kw("memory-limit");
    public static final Keyword BUDGET = Edn.kw("budget");

    /** Default share of the heap the searches may keep live before giving up with :out-of-memory. */
    public static final double DEFAULT_MEMORY_FRACTION = 0.8;

    public static Search search(String algorithm) {
        return switch (algorithm) {
            case "wgl" -> new Wgl();
            case "linear" -> new Linear();
            case "competition" -> new Competition();
            default -> throw new InputException("unknown algorithm '" + algorithm + "'; expected wgl, linear or competition");
        };
    }

    /**
     * Options (all optional): :algorithm (:wgl :linear :competition, default :competition),
     * :time-limit in milliseconds (0 or absent: none), :memory-limit as a heap fraction,
     * :budget a {@link Budget} the caller watches for progress. {@code history}: a sequence of op
     * maps, or a {@link History} already built.
     */
    public static IPersistentMap run(Model model, Object history, Object opts) {
        Object alg = RT.get(opts, ALGORITHM);
        String algorithm = alg == null ? "competition" : alg instanceof Keyword k ? k.getName() : alg.toString();
        Search search = search(algorithm);
        Budget budget = (Budget) RT.get(opts, BUDGET);
        if (budget == null) {
            Object limit = RT.get(opts, TIME_LIMIT);
            Object mem = RT.get(opts, MEMORY_LIMIT);
            budget = new Budget(limit == null ? 0 : ((Number) limit).longValue(),
                    mem == null ? DEFAULT_MEMORY_FRACTION : ((Number) mem).doubleValue());
        }
        // A History is a file already streamed through a HistoryBuilder (see Linearizability).
        History h = history instanceof History given ? given : History.of(model, history);
        Map<Object, History> parts = h.splitByKey(model);
        if (parts == null || parts.size() <= 1) {
            return ResultMap.of(model, h, search.run(model, h, budget), algorithm);
        }
        return runParts(model, parts, search, budget, algorithm);
    }

    private static IPersistentMap runParts(Model model, Map<Object, History> parts, Search search, Budget budget,
                                           String algorithm) {
        int threads = Math.min(parts.size(), Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lincheck-part");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Object> keys = new ArrayList<>(parts.keySet());
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Object key : keys) {
                Model m = model.forKey(key);
                History part = parts.get(key);
                futures.add(pool.submit(() -> search.run(m, part, budget.child())));
            }
            List<ResultMap.Part> results = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                Object key = keys.get(i);
                results.add(new ResultMap.Part(key, model.forKey(key), parts.get(key), futures.get(i).get()));
            }
            return ResultMap.combine(results, algorithm);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            budget.cancel();
            return ResultMap.unknown(algorithm, Budget.Cause.CANCELLED);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
