package lincheck.model;

import lincheck.edn.Edn;

import java.util.function.Supplier;

/**
 * The absorbing "this cannot happen" state, with the reason (as Knossos's inconsistent). The
 * reason is built only when reported: searches create and drop these by the million.
 */
public final class Inconsistent implements Model {
    private final Supplier<String> why;

    private Inconsistent(Supplier<String> why) { this.why = why; }

    static Inconsistent of(Supplier<String> why) { return new Inconsistent(why); }

    public String msg() { return why.get(); }

    @Override public Model step(Object f, Object value) { return this; }
    @Override public String checkOp(Object f, Object value) { return null; }
    @Override public Object toEdn() { return Edn.map(Edn.kw("inconsistent"), msg()); }
    @Override public boolean isInconsistent() { return true; }
    @Override public String toString() { return "inconsistent: " + msg(); }
}
