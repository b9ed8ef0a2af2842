package lincheck.model;

import lincheck.edn.Edn;

/** A register with compare-and-set: :cas [old new] succeeds only when the value is old. */
public final class CasRegister implements Model {
    private final Object value;
    /** A read of nil means "holds nil" (Porcupine) instead of "value unknown" (Knossos). */
    private final boolean nilIsValue;

    public CasRegister(Object value, boolean nilIsValue) {
        this.value = value;
        this.nilIsValue = nilIsValue;
    }

    @Override public Model step(Object f, Object v) {
        if (f == Ops.READ) {
            return (v == null && !nilIsValue) || Edn.eq(v, value) ? this
                    : Inconsistent.of(() -> "can't read " + Ops.str(v) + " from register " + Ops.str(value));
        }
        if (f == Ops.WRITE) return new CasRegister(v, nilIsValue);
        if (f == Ops.CAS) {
            Object old = Ops.nth(v, 0);
            return Edn.eq(old, value) ? new CasRegister(Ops.nth(v, 1), nilIsValue)
                    : Inconsistent.of(() -> "can't CAS " + Ops.str(value) + " from " + Ops.str(old) + " to " + Ops.str(Ops.nth(v, 1)));
        }
        return Inconsistent.of(() -> "unknown op " + Ops.str(f));
    }

    @Override public String checkOp(Object f, Object v) {
        if (f == Ops.READ || f == Ops.WRITE) return null;
        if (f == Ops.CAS) return Ops.isPair(v) ? null : "a :cas value must be [old new], got " + Ops.str(v);
        return Ops.unknownF("cas-register", f, ":read, :write or :cas");
    }

    @Override public boolean readOnly(Object f, Object v) { return f == Ops.READ; }
    @Override public Object toEdn() { return Edn.map(Ops.VALUE, value); }
    @Override public boolean equals(Object o) { return o instanceof CasRegister r && nilIsValue == r.nilIsValue && Edn.eq(value, r.value); }
    @Override public int hashCode() { return 31 + Edn.hash(value); }
    @Override public String toString() { return "cas-register " + Ops.str(value); }
}
