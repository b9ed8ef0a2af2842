package lincheck.model;

import lincheck.edn.Edn;

/**
 * A read/write register. A read of nil is a read whose value is unknown, and matches any state,
 * unless nil reads are values (see {@link Conventions}).
 */
public final class Register implements Model {
    private final Object value;
    /** A read of nil means "holds nil" (Porcupine) instead of "value unknown" (Knossos). */
    private final boolean nilIsValue;

    public Register(Object value, boolean nilIsValue) {
        this.value = value;
        this.nilIsValue = nilIsValue;
    }

    @Override public Model step(Object f, Object v) {
        if (f == Ops.WRITE) return new Register(v, nilIsValue);
        if (f == Ops.READ) {
            return (v == null && !nilIsValue) || Edn.eq(v, value) ? this
                    : Inconsistent.of(() -> "can't read " + Ops.str(v) + " from register " + Ops.str(value));
        }
        return Inconsistent.of(() -> "unknown op " + Ops.str(f));
    }

    @Override public String checkOp(Object f, Object v) {
        return f == Ops.READ || f == Ops.WRITE ? null : Ops.unknownF("register", f, ":read or :write");
    }

    @Override public boolean readOnly(Object f, Object v) { return f == Ops.READ; }
    @Override public Object toEdn() { return Edn.map(Ops.VALUE, value); }
    @Override public boolean equals(Object o) { return o instanceof Register r && nilIsValue == r.nilIsValue && Edn.eq(value, r.value); }
    @Override public int hashCode() { return Edn.hash(value); }
    @Override public String toString() { return "register " + Ops.str(value); }
}
