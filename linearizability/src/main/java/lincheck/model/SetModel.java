package lincheck.model;

import clojure.lang.IPersistentSet;
import clojure.lang.PersistentHashSet;
import clojure.lang.RT;
import lincheck.edn.Edn;

/** A grow-only set: :add x, and :read S which must see exactly the elements added so far. */
public final class SetModel implements Model {
    private final IPersistentSet elements;

    public SetModel(Object init) {
        this.elements = init == null ? PersistentHashSet.EMPTY : PersistentHashSet.create(RT.seq(init));
    }

    private SetModel(IPersistentSet elements, boolean unused) { this.elements = elements; }

    @Override public Model step(Object f, Object v) {
        if (f == Ops.ADD) return elements.contains(v) ? this : new SetModel((IPersistentSet) elements.cons(v), true);
        if (f == Ops.READ) {
            if (v == null) return this;
            IPersistentSet seen = PersistentHashSet.create(RT.seq(v));
            return Edn.eq(seen, elements) ? this
                    : Inconsistent.of(() -> "can't read " + Ops.str(v) + " from set " + Ops.str(elements));
        }
        return Inconsistent.of(() -> "unknown op " + Ops.str(f));
    }

    @Override public String checkOp(Object f, Object v) {
        if (f == Ops.ADD) return null;
        if (f == Ops.READ) return v == null || v instanceof java.util.Collection ? null
                : "a set :read value must be a collection, got " + Ops.str(v);
        return Ops.unknownF("set", f, ":add or :read");
    }

    @Override public boolean readOnly(Object f, Object v) { return f == Ops.READ; }
    @Override public Object toEdn() { return elements; }
    @Override public boolean equals(Object o) { return o instanceof SetModel s && Edn.eq(elements, s.elements); }
    @Override public int hashCode() { return Edn.hash(elements); }
    @Override public String toString() { return "set " + Ops.str(elements); }
}
