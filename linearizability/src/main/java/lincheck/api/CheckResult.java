package lincheck.api;

import clojure.lang.IPersistentMap;
import clojure.lang.Keyword;
import lincheck.edn.Edn;
import lincheck.report.Json;
import lincheck.report.ResultMap;

/** The answer of one check, wrapping Knossos's result map. */
public final class CheckResult {
    public enum Verdict { VALID, INVALID, UNKNOWN }

    private final IPersistentMap map;

    public CheckResult(IPersistentMap map) { this.map = map; }

    /**
     * Reads a result printed by {@link #edn()}, e.g. by check-history --format edn in another
     * process. Throws IllegalArgumentException when the text is not one result map.
     */
    public static CheckResult fromEdn(String edn) {
        Object value;
        try {
            value = Edn.readString(edn);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an EDN value: " + e.getMessage(), e);
        }
        if (!(value instanceof IPersistentMap m) || !m.containsKey(ResultMap.VALID)) {
            throw new IllegalArgumentException("not a checker result (a map with :valid?): "
                    + (edn.length() > 200 ? edn.substring(0, 200) + "..." : edn));
        }
        return new CheckResult(m);
    }

    public Verdict verdict() {
        Object v = map.valAt(ResultMap.VALID);
        return Boolean.TRUE.equals(v) ? Verdict.VALID : Boolean.FALSE.equals(v) ? Verdict.INVALID : Verdict.UNKNOWN;
    }

    public boolean isValid() { return verdict() == Verdict.VALID; }

    /** :timeout or :out-of-memory as "timeout" / "out-of-memory" when unknown, else null. */
    public String cause() {
        Object c = map.valAt(ResultMap.CAUSE);
        return c instanceof Keyword k ? k.getName() : null;
    }

    /** The op (a Clojure map) that could not be linearized, or null. */
    public Object failingOp() { return map.valAt(ResultMap.OP); }

    /** The failing op as EDN text, or null when there is none. */
    public String failingOpEdn() {
        Object op = failingOp();
        return op == null ? null : Edn.pr(op);
    }

    /** The :index of the failing op, or -1. */
    public long failingIndex() {
        Object i = Edn.get(failingOp(), Edn.kw("index"));
        return i instanceof Number n ? n.longValue() : -1;
    }

    /** The result map itself (Clojure data). */
    public IPersistentMap map() { return map; }

    public String edn() { return Edn.pr(map); }

    public String json() { return Json.write(map); }

    /** Process exit code by the CLI's convention: 0 valid, 1 invalid, 2 unknown. */
    public int exitCode() {
        return switch (verdict()) {
            case VALID -> 0;
            case INVALID -> 1;
            case UNKNOWN -> 2;
        };
    }

    @Override public String toString() { return edn(); }
}
