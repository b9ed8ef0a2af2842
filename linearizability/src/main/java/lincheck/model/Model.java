package lincheck.model;

/**
 * A sequential specification as an immutable value: {@link #step} returns the state after an
 * operation, or an {@link Inconsistent} when the operation cannot happen in this state. States
 * are compared with equals/hashCode, which the searches use to memoize.
 */
public interface Model {
    /** The state after applying {@code f} with {@code value} (the completed value), or an Inconsistent. */
    Model step(Object f, Object value);

    /** Null when the op has a shape this model understands, else what was expected. */
    String checkOp(Object f, Object value);

    /** A printable (EDN) rendering of the state, in the shape Knossos prints its models. */
    Object toEdn();

    default boolean isInconsistent() {
        return false;
    }

    /**
     * True when the op never changes the state. An op that might not have happened and cannot
     * change the state constrains nothing, so preprocessing drops such indeterminate ops.
     */
    default boolean readOnly(Object f, Object value) {
        return false;
    }

    /**
     * For P-compositionality: the single key this op touches, or null when the model is not keyed
     * or the op spans several keys (then the history is checked whole).
     */
    default Object keyOf(Object f, Object value) {
        return null;
    }

    /** The initial state of the part of this model that holds {@code key} alone. */
    default Model forKey(Object key) {
        return this;
    }
}
