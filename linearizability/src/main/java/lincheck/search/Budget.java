package lincheck.search;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The limits of one analysis: a deadline, a cancel flag (competition stops the loser), and a
 * memory watchdog. Searches poll {@link #exhausted()} every few thousand steps and stop with the
 * returned cause instead of running into an OutOfMemoryError or running forever.
 */
public final class Budget {
    public enum Cause { TIMEOUT, OUT_OF_MEMORY, CANCELLED }

    private static final List<MemoryPoolMXBean> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()).toList();

    private final long deadlineNanos;
    private final double memoryFraction;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Budget parent;
    /** Steps taken by every search under this budget and its children; read by progress reporters. */
    public final LongAdder steps;

    /** {@code memoryFraction}: the share of the heap that may stay in use after a collection. */
    public Budget(long timeLimitMillis, double memoryFraction) {
        this.deadlineNanos = timeLimitMillis <= 0 ? Long.MAX_VALUE : System.nanoTime() + timeLimitMillis * 1_000_000L;
        this.memoryFraction = memoryFraction;
        this.parent = null;
        this.steps = new LongAdder();
    }

    private Budget(Budget parent) {
        this.deadlineNanos = parent.deadlineNanos;
        this.memoryFraction = parent.memoryFraction;
        this.parent = parent;
        this.steps = parent.steps;
    }

    /** Same limits, its own cancel flag; cancelling this budget also stops every child. */
    public Budget child() {
        return new Budget(this);
    }

    public void cancel() { cancelled.set(true); }

    private boolean isCancelled() {
        return cancelled.get() || (parent != null && parent.isCancelled());
    }

    /** Thrown by {@link #checkpoint()} to stop work that has no answer to return (reading a history). */
    public static final class Exhausted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final transient Cause cause;

        Exhausted(Cause cause) {
            super("stopped: " + cause, null, false, false);
            this.cause = cause;
        }
    }

    /** Throws {@link Exhausted} when the work must stop (time up, heap nearly full, cancelled). */
    public void checkpoint() {
        Cause c = exhausted();
        if (c != null) throw new Exhausted(c);
    }

    /** Null while the search may go on, else why it must stop. */
    public Cause exhausted() {
        if (isCancelled()) return Cause.CANCELLED;
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) return Cause.TIMEOUT;
        if (memoryLow()) return Cause.OUT_OF_MEMORY;
        return null;
    }

    private boolean memoryLow() {
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        long used = rt.totalMemory() - rt.freeMemory();
        if (used < memoryFraction * max) return false;
        // Heap looks full, but much of it may be garbage: trust what survived the last collection.
        for (MemoryPoolMXBean p : HEAP_POOLS) {
            long poolMax = p.getUsage().getMax();
            if (poolMax > 0 && p.getCollectionUsage() != null && p.getCollectionUsage().getUsed() >= memoryFraction * poolMax) {
                return true;
            }
        }
        return used >= Math.min(0.97, memoryFraction + 0.1) * max;
    }
}
