package lincheck.model;

import clojure.lang.IPersistentMap;
import clojure.lang.PersistentArrayMap;
import clojure.lang.RT;
import lincheck.edn.Edn;

/**
 * The key-value service's operations, each on one key: :get [k v] (v is the value read; a key never
 * written reads as the absent value, nil unless {@link Conventions} say otherwise), :put [k v],
 * :append [k s] (string concatenation, from the absent value when it is a string, else from ""),
 * :cas [k [old new]].
 */
public final class Kv implements Model {
    private final IPersistentMap values;
    private final Object absent;

    public Kv(IPersistentMap values, Object absent) {
        this.values = values == null ? PersistentArrayMap.EMPTY : values;
        this.absent = absent;
    }

    /** The value a :get of k reads now. */
    private Object current(Object k) {
        clojure.lang.IMapEntry e = values.entryAt(k);
        return e != null ? e.val() : absent;
    }

    @Override public Model step(Object f, Object kv) {
        Object k = RT.nth(kv, 0);
        Object v = RT.nth(kv, 1);
        Object cur = current(k);
        if (f == Ops.GET) {
            return Edn.eq(v, cur) ? this
                    : Inconsistent.of(() -> "can't get " + Ops.str(v) + " from key " + Ops.str(k) + " = " + Ops.str(cur));
        }
        if (f == Ops.PUT) return with(k, v);
        if (f == Ops.APPEND) {
            if (cur != null && !(cur instanceof String)) {
                if (values.containsKey(k)) return Inconsistent.of(() -> "can't append to key " + Ops.str(k) + " = " + Ops.str(cur));
                return with(k, v); // absent, and the absent value is no string: start from ""
            }
            return with(k, (cur == null ? "" : (String) cur) + v);
        }
        if (f == Ops.CAS) {
            Object old = RT.nth(v, 0);
            return Edn.eq(old, cur) ? with(k, RT.nth(v, 1))
                    : Inconsistent.of(() -> "can't CAS key " + Ops.str(k) + " from " + Ops.str(old) + ": it is " + Ops.str(cur));
        }
        return Inconsistent.of(() -> "unknown op " + Ops.str(f));
    }

    private Kv with(Object k, Object v) {
        return new Kv(values.assoc(k, v), absent);
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
        clojure.lang.IMapEntry e = values.entryAt(key);
        return new Kv(e == null ? PersistentArrayMap.EMPTY : PersistentArrayMap.EMPTY.assoc(key, e.val()), absent);
    }

    @Override public Object toEdn() { return values; }
    @Override public boolean equals(Object o) { return o instanceof Kv m && Edn.eq(values, m.values) && Edn.eq(absent, m.absent); }
    @Override public int hashCode() { return Edn.hash(values); }
    @Override public String toString() { return "kv " + Ops.str(values); }
}
