package lincheck.report;

import clojure.lang.IPersistentMap;
import clojure.lang.Keyword;
import clojure.lang.PersistentHashSet;
import clojure.lang.RT;
import lincheck.edn.Edn;
import lincheck.history.History;
import lincheck.model.Model;
import lincheck.search.Budget;
import lincheck.search.Outcome;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns search outcomes into Knossos-shaped result maps. */
public final class ResultMap {
    private ResultMap() {}

    public static final Keyword VALID = Edn.kw("valid?");
    public static final Keyword ANALYZER = Edn.kw("analyzer");
    public static final Keyword OP = Edn.kw("op");
    public static final Keyword PREVIOUS_OK = Edn.kw("previous-ok");
    public static final Keyword CONFIGS = Edn.kw("configs");
    public static final Keyword FINAL_PATHS = Edn.kw("final-paths");
    public static final Keyword CAUSE = Edn.kw("cause");
    public static final Keyword MODEL = Edn.kw("model");
    public static final Keyword LAST_OP = Edn.kw("last-op");
    public static final Keyword PENDING = Edn.kw("pending");
    public static final Keyword KEY = Edn.kw("key");
    public static final Keyword KEYS = Edn.kw("keys");
    public static final Keyword UNKNOWN = Edn.kw("unknown");

    /** Paths kept in :final-paths, and pending ops tried per configuration when building them. */
    static final int MAX_PATHS = 24;
    static final int MAX_DETOURS = 6;

    public record Part(Object key, Model model, History history, Outcome outcome) {}

    public static IPersistentMap unknown(String analyzer, Budget.Cause cause) {
        return Edn.map(VALID, UNKNOWN, ANALYZER, Edn.kw(analyzer), CAUSE, causeKeyword(cause));
    }

    static Keyword causeKeyword(Budget.Cause cause) {
        return switch (cause) {
            case TIMEOUT -> Edn.kw("timeout");
            case OUT_OF_MEMORY -> Edn.kw("out-of-memory");
            case CANCELLED -> Edn.kw("cancelled");
        };
    }

    public static IPersistentMap of(Model model, History h, Outcome o, String algorithm) {
        return switch (o.verdict()) {
            case VALID -> Edn.map(VALID, true, ANALYZER, Edn.kw(o.analyzer()),
                    MODEL, o.finalModel() == null ? null : o.finalModel().toEdn());
            case UNKNOWN -> unknown(o.analyzer(), o.cause());
            case INVALID -> invalid(h, o);
        };
    }

    private static IPersistentMap invalid(History h, Outcome o) {
        int failing = o.failingOp();
        List<Object> configs = new ArrayList<>();
        for (Outcome.Config c : o.configs()) {
            List<Object> pending = new ArrayList<>();
            for (int p : c.pending()) pending.add(h.reportOp(p));
            configs.add(Edn.map(MODEL, c.model().toEdn(), LAST_OP, c.lastOp() < 0 ? null : h.reportOp(c.lastOp()),
                    PENDING, Edn.vec(pending)));
        }
        return Edn.map(VALID, false, ANALYZER, Edn.kw(o.analyzer()),
                OP, h.reportOp(failing),
                PREVIOUS_OK, previousOk(h, failing),
                CONFIGS, Edn.vec(configs),
                FINAL_PATHS, PersistentHashSet.create(finalPaths(h, o)));
    }

    /** The last :ok completion before the failing op's. */
    private static Object previousOk(History h, int failing) {
        Object last = null;
        for (int e = 0; e < h.events.length; e++) {
            if (h.isCall(e)) continue;
            int op = h.opOf(e);
            if (op == failing) return last;
            last = h.reportOp(op);
        }
        return last;
    }

    /**
     * From each furthest configuration: the failing op tried directly, and after each single
     * pending op, every try ending inconsistent. Bounded; enough to see why nothing fits.
     */
    private static List<Object> finalPaths(History h, Outcome o) {
        int failing = o.failingOp();
        Set<Object> paths = new LinkedHashSet<>();
        for (Outcome.Config c : o.configs()) {
            Object start = c.lastOp() < 0 ? Edn.map(MODEL, c.model().toEdn())
                    : Edn.map(OP, h.reportOp(c.lastOp()), MODEL, c.model().toEdn());
            Model direct = c.model().step(h.f[failing], h.value[failing]);
            if (direct.isInconsistent()) paths.add(Edn.vec(start, step(h, failing, direct)));
            int detours = 0;
            for (int q : c.pending()) {
                if (q == failing || detours >= MAX_DETOURS || paths.size() >= MAX_PATHS) continue;
                Model s1 = c.model().step(h.f[q], h.value[q]);
                if (s1.isInconsistent()) continue;
                Model s2 = s1.step(h.f[failing], h.value[failing]);
                if (!s2.isInconsistent()) continue;
                detours++;
                paths.add(Edn.vec(start, step(h, q, s1), step(h, failing, s2)));
            }
            if (paths.size() >= MAX_PATHS) break;
        }
        return new ArrayList<>(paths);
    }

    private static Object step(History h, int op, Model after) {
        return Edn.map(OP, h.reportOp(op), MODEL, after.toEdn());
    }

    /** Parts checked independently: invalid if any is (reporting the earliest failure), else unknown if any is. */
    public static IPersistentMap combine(List<Part> parts, String algorithm) {
        IPersistentMap firstInvalid = null;
        long firstIndex = Long.MAX_VALUE;
        IPersistentMap unknown = null;
        String analyzer = algorithm;
        for (Part p : parts) {
            Outcome o = p.outcome();
            analyzer = o.analyzer();
            if (o.verdict() == Outcome.Verdict.INVALID) {
                IPersistentMap r = of(p.model(), p.history(), o, algorithm);
                Object idx = RT.get(r.valAt(OP), Edn.kw("index"));
                long i = idx instanceof Number n ? n.longValue() : Long.MAX_VALUE - 1;
                if (i < firstIndex) {
                    firstIndex = i;
                    firstInvalid = (IPersistentMap) r.assoc(KEY, p.key());
                }
            } else if (o.verdict() == Outcome.Verdict.UNKNOWN && unknown == null) {
                unknown = (IPersistentMap) unknown(o.analyzer(), o.cause()).assoc(KEY, p.key());
            }
        }
        IPersistentMap result = firstInvalid != null ? firstInvalid : unknown != null ? unknown
                : Edn.map(VALID, true, ANALYZER, Edn.kw(analyzer));
        return (IPersistentMap) result.assoc(KEYS, (long) parts.size());
    }
}
