package lincheck.model;

import clojure.lang.IPersistentMap;
import clojure.lang.PersistentArrayMap;
import clojure.lang.RT;
import lincheck.edn.Edn;

/**
 * The key-value service's operations, each on one key: :get [k v] (v is the value read, nil when
 * absent), :put [k v], :append [k s] (string concatenation, absent counts as ""), :cas [k [old new]].
 */
public final class Kv implements Model {
    private final IPersistentMap values;

    public Kv(IPersistentMap values) { this.values = values == null ? PersistentArrayMap.EMPTY : values; }

    @Override public Model step(Object f, Object kv) {
        Object k = RT.nth(kv, 0);
        Object v = RT.nth(kv, 1);
        Object cur = values.valAt(k);
        if (f == Ops.GET) {
            return Edn.eq(v, cur) ? this
                    : Inconsistent.of(() -> "can't get " + Ops.str(v) + " from key " + Ops.str(k) + " = " + Ops.str(cur));
        }
        if (f == Ops.PUT) return new Kv(values.assoc(k, v));
        if (f == Ops.APPEND) {
            if (cur != null && !(cur instanceof String)) return Inconsistent.of(() -> "can't append to key " + Ops.str(k) + " = " + Ops.str(cur));
            return new Kv(values.assoc(k, (cur == null ? "" : (String) cur) + v));
        }
        if (f == Ops.CAS) {
            Object old = RT.nth(v, 0);
            return Edn.eq(old, cur) ? new Kv(values.assoc(k, RT.nth(v, 1)))
                    : Inconsistent.of(() -> "can't CAS key " + Ops.str(k) + " from " + Ops.str(old) + ": it is " + Ops.str(cur));
        }
        return Inconsistent.of(() -> "unknown op " + Ops.str(f));
    }

    @Override public String checkOp(Object f, Object kv) {
        if (f != Ops.GET && f != Ops.PUT && f != Ops.APPEND && f != Ops.CAS) {
            return Ops.unknownF("kv", f, ":get, :put, :append or :cas");
        }
        if (!Ops.isPair(kv)) return "a kv " + Ops.str(f) + " value must be [key value], got " + Ops.str(kv);
        Object v = RT.nth(kv, 1);
        if (f == Ops.CAS && !Ops.isPair(v)) return "a kv :cas value must be [key [old new]], got " + Ops.str(kv);
        if (f == Ops.APPEND && !(v instanceof String)) return "a kv :append value must be [key string], got " + Ops.str(kv);
        return null;
    }

    @Override public boolean readOnly(Object f, Object kv) { return f == Ops.GET; }
    @Override public Object keyOf(Object f, Object kv) { return RT.nth(kv, 0); }
    @Override public Model forKey(Object key) {
        Object v = values.valAt(key);
        return new Kv(v == null ? PersistentArrayMap.EMPTY : Edn.map(key, v));
    }

    @Override public Object toEdn() { return values; }
    @Override public boolean equals(Object o) { return o instanceof Kv m && Edn.eq(values, m.values); }
    @Override public int hashCode() { return Edn.hash(values); }
    @Override public String toString() { return "kv " + Ops.str(values); }
}
