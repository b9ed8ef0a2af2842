package lincheck.model;

import clojure.lang.IPersistentMap;
import clojure.lang.PersistentHashMap;
import lincheck.edn.Edn;

/** A queue without order: :dequeue v must return some element that is in it (a multiset). */
public final class UnorderedQueue implements Model {
    private final IPersistentMap counts;

    public UnorderedQueue(Object init) {
        IPersistentMap m = PersistentHashMap.EMPTY;
        for (Object x : init == null ? java.util.List.of() : (java.util.Collection<?>) init) m = inc(m, x);
        this.counts = m;
    }

    private UnorderedQueue(IPersistentMap counts) { this.counts = counts; }

    private static IPersistentMap inc(IPersistentMap m, Object x) {
        Object n = m.valAt(x);
        return m.assoc(x, n == null ? 1L : (Long) n + 1);
    }

    @Override public Model step(Object f, Object v) {
        if (f == Ops.ENQUEUE) return new UnorderedQueue(inc(counts, v));
        if (f == Ops.DEQUEUE) {
            Object n = counts.valAt(v);
            if (n == null) return Inconsistent.of(() -> "can't dequeue " + Ops.str(v) + ": not in the queue");
            long c = (Long) n;
            return new UnorderedQueue(c == 1 ? counts.without(v) : counts.assoc(v, c - 1));
        }
        return Inconsistent.of(() -> "unknown op " + Ops.str(f));
    }

    @Override public String checkOp(Object f, Object v) {
        return f == Ops.ENQUEUE || f == Ops.DEQUEUE ? null : Ops.unknownF("unordered-queue", f, ":enqueue or :dequeue");
    }

    @Override public Object toEdn() { return Edn.map(Edn.kw("pending"), counts); }
    @Override public boolean equals(Object o) { return o instanceof UnorderedQueue q && Edn.eq(counts, q.counts); }
    @Override public int hashCode() { return Edn.hash(counts); }
    @Override public String toString() { return "unordered-queue " + Ops.str(counts); }
}
