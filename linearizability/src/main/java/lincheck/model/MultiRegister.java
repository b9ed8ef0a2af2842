package lincheck.model;

import clojure.lang.IPersistentMap;
import clojure.lang.ISeq;
import clojure.lang.Keyword;
import clojure.lang.PersistentArrayMap;
import clojure.lang.RT;
import clojure.lang.Sequential;
import lincheck.edn.Edn;

/** Registers by key, changed by :txn ops of [:read k v] and [:write k v] micro-ops applied in order. */
public final class MultiRegister implements Model {
    private static final Keyword R = Edn.kw("read");
    private static final Keyword W = Edn.kw("write");
    private final IPersistentMap values;

    public MultiRegister(IPersistentMap values) { this.values = values == null ? PersistentArrayMap.EMPTY : values; }

    @Override public Model step(Object f, Object txn) {
        if (f != Ops.TXN) return Inconsistent.of(() -> "unknown op " + Ops.str(f));
        IPersistentMap m = values;
        for (ISeq s = RT.seq(txn); s != null; s = s.next()) {
            Object mop = s.first();
            Object k = RT.nth(mop, 1);
            Object v = RT.nth(mop, 2);
            if (RT.nth(mop, 0) == W) {
                m = m.assoc(k, v);
            } else if (v != null && !Edn.eq(v, m.valAt(k))) {
                Object seen = m.valAt(k);
                return Inconsistent.of(() -> "can't read " + Ops.str(v) + " from " + Ops.str(k) + " = " + Ops.str(seen));
            }
        }
        return m == values ? this : new MultiRegister(m);
    }

    @Override public String checkOp(Object f, Object txn) {
        if (f != Ops.TXN) return Ops.unknownF("multi-register", f, ":txn");
        if (!(txn instanceof Sequential)) return "a :txn value must be a vector of [:read k v] / [:write k v], got " + Ops.str(txn);
        for (ISeq s = RT.seq(txn); s != null; s = s.next()) {
            Object mop = s.first();
            if (!(mop instanceof Sequential) || RT.count(mop) != 3 || (RT.nth(mop, 0) != R && RT.nth(mop, 0) != W)) {
                return "a :txn micro-op must be [:read k v] or [:write k v], got " + Ops.str(mop);
            }
        }
        return null;
    }

    @Override public boolean readOnly(Object f, Object txn) {
        for (ISeq s = RT.seq(txn); s != null; s = s.next()) if (RT.nth(s.first(), 0) == W) return false;
        return true;
    }

    @Override public Object keyOf(Object f, Object txn) {
        Object key = null;
        for (ISeq s = RT.seq(txn); s != null; s = s.next()) {
            Object k = RT.nth(s.first(), 1);
            if (key == null) key = k;
            else if (!Edn.eq(key, k)) return null;
        }
        return key;
    }

    @Override public Model forKey(Object key) {
        return new MultiRegister(Edn.map(key, values.valAt(key)));
    }

    @Override public Object toEdn() { return values; }
    @Override public boolean equals(Object o) { return o instanceof MultiRegister r && Edn.eq(values, r.values); }
    @Override public int hashCode() { return Edn.hash(values); }
    @Override public String toString() { return "multi-register " + Ops.str(values); }
}
