package lincheck.edn;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import clojure.lang.IPersistentMap;
import clojure.lang.IPersistentVector;
import clojure.lang.Keyword;
import clojure.lang.PersistentArrayMap;
import clojure.lang.PersistentHashMap;
import clojure.lang.PersistentVector;
import clojure.lang.RT;
import clojure.lang.Util;

import java.util.List;

/** Small bridge to Clojure's data and EDN functions, so the engine speaks Clojure values. */
public final class Edn {
    private Edn() {}

    private static final IFn EDN_READ_STRING;
    private static final IFn PR_STR;

    static {
        IFn require = Clojure.var("clojure.core", "require");
        require.invoke(Clojure.read("clojure.edn"));
        EDN_READ_STRING = Clojure.var("clojure.edn", "read-string");
        PR_STR = Clojure.var("clojure.core", "pr-str");
    }

    public static Keyword kw(String name) {
        return Keyword.intern(null, name);
    }

    /** Reads one EDN value from a string (used for --init and small inputs). */
    public static Object readString(String text) {
        return EDN_READ_STRING.invoke(text);
    }

    public static String pr(Object value) {
        return (String) PR_STR.invoke(value);
    }

    /** Builds a map from alternating keys and values, skipping pairs whose value is null. */
    public static IPersistentMap map(Object... kvs) {
        IPersistentMap m = PersistentArrayMap.EMPTY;
        for (int i = 0; i < kvs.length; i += 2) {
            if (kvs[i + 1] != null) m = m.assoc(kvs[i], kvs[i + 1]);
        }
        return m;
    }

    public static IPersistentMap hashMap(java.util.Map<?, ?> m) {
        return PersistentHashMap.create(m);
    }

    public static IPersistentVector vec(List<?> items) {
        return PersistentVector.create(items);
    }

    public static IPersistentVector vec(Object... items) {
        return PersistentVector.create(items);
    }

    public static Object get(Object map, Object key) {
        return RT.get(map, key);
    }

    public static boolean eq(Object a, Object b) {
        return Util.equiv(a, b);
    }

    public static int hash(Object a) {
        return Util.hasheq(a);
    }

    public static boolean isInteger(Object o) {
        return o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte
                || o instanceof java.math.BigInteger || o instanceof clojure.lang.BigInt;
    }
}
