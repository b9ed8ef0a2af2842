package lincheck.model;

import lincheck.edn.Edn;

/** A lock: :acquire when free, :release when held. */
public final class Mutex implements Model {
    public static final Mutex FREE = new Mutex(false);
    public static final Mutex HELD = new Mutex(true);
    private final boolean locked;

    private Mutex(boolean locked) { this.locked = locked; }

    @Override public Model step(Object f, Object v) {
        if (f == Ops.ACQUIRE) return locked ? Inconsistent.of(() -> "already held") : HELD;
        if (f == Ops.RELEASE) return locked ? FREE : Inconsistent.of(() -> "not held");
        return Inconsistent.of(() -> "unknown op " + Ops.str(f));
    }

    @Override public String checkOp(Object f, Object v) {
        return f == Ops.ACQUIRE || f == Ops.RELEASE ? null : Ops.unknownF("mutex", f, ":acquire or :release");
    }

    @Override public Object toEdn() { return Edn.map(Edn.kw("locked"), locked); }
    @Override public String toString() { return locked ? "mutex held" : "mutex free"; }
}
