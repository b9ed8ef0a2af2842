package lincheck.model;

import lincheck.edn.Edn;

/** The absorbing "this cannot happen" state, with the reason (as Knossos's inconsistent). */
public record Inconsistent(String msg) implements Model {
    @Override public Model step(Object f, Object value) { return this; }
    @Override public String checkOp(Object f, Object value) { return null; }
    @Override public Object toEdn() { return Edn.map(Edn.kw("inconsistent"), msg); }
    @Override public boolean isInconsistent() { return true; }

    static Inconsistent of(String msg) { return new Inconsistent(msg); }
}
