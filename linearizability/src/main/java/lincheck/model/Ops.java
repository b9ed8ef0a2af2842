package lincheck.model;

import clojure.lang.Keyword;
import clojure.lang.RT;
import clojure.lang.Sequential;
import lincheck.edn.Edn;

/** Keywords and shape helpers shared by the models. */
final class Ops {
    private Ops() {}

    static final Keyword READ = Edn.kw("read");
    static final Keyword WRITE = Edn.kw("write");
    static final Keyword CAS = Edn.kw("cas");
    static final Keyword TXN = Edn.kw("txn");
    static final Keyword ACQUIRE = Edn.kw("acquire");
    static final Keyword RELEASE = Edn.kw("release");
    static final Keyword ADD = Edn.kw("add");
    static final Keyword ENQUEUE = Edn.kw("enqueue");
    static final Keyword DEQUEUE = Edn.kw("dequeue");
    static final Keyword GET = Edn.kw("get");
    static final Keyword PUT = Edn.kw("put");
    static final Keyword APPEND = Edn.kw("append");
    static final Keyword VALUE = Edn.kw("value");

    static boolean isPair(Object v) {
        return v instanceof Sequential && RT.count(v) == 2;
    }

    static Object nth(Object v, int i) {
        return RT.nth(v, i);
    }

    static String unknownF(String model, Object f, String expected) {
        return "model " + model + " has no operation " + Edn.pr(f) + "; expected " + expected;
    }

    static String str(Object v) {
        return Edn.pr(v);
    }
}
