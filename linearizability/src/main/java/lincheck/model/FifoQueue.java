package lincheck.model;

import clojure.lang.PersistentQueue;
import clojure.lang.RT;
import lincheck.edn.Edn;

/** A first-in first-out queue: :dequeue v must return the oldest element (nil: an unknown one). */
public final class FifoQueue implements Model {
    private final PersistentQueue queue;

    public FifoQueue(Object init) {
        PersistentQueue q = PersistentQueue.EMPTY;
        for (Object x : init == null ? java.util.List.of() : (java.util.Collection<?>) init) q = q.cons(x);
        this.queue = q;
    }

    private FifoQueue(PersistentQueue queue) { this.queue = queue; }

    @Override public Model step(Object f, Object v) {
        if (f == Ops.ENQUEUE) return new FifoQueue(queue.cons(v));
        if (f == Ops.DEQUEUE) {
            if (queue.count() == 0) return Inconsistent.of(() -> "can't dequeue " + Ops.str(v) + " from an empty queue");
            // nil: a dequeue whose answer is unknown (crashed) took whatever was at the head
            return v == null || Edn.eq(v, queue.peek()) ? new FifoQueue(queue.pop())
                    : Inconsistent.of(() -> "can't dequeue " + Ops.str(v) + " when the head is " + Ops.str(queue.peek()));
        }
        return Inconsistent.of(() -> "unknown op " + Ops.str(f));
    }

    @Override public String checkOp(Object f, Object v) {
        return f == Ops.ENQUEUE || f == Ops.DEQUEUE ? null : Ops.unknownF("fifo-queue", f, ":enqueue or :dequeue");
    }

    @Override public Object toEdn() { return clojure.lang.PersistentVector.create(RT.seq(queue)); }
    @Override public boolean equals(Object o) { return o instanceof FifoQueue q && Edn.eq(queue, q.queue); }
    @Override public int hashCode() { return Edn.hash(queue); }
    @Override public String toString() { return "fifo-queue " + Ops.str(toEdn()); }
}
