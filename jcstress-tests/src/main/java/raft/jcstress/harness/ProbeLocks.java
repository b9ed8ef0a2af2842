package raft.jcstress.harness;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock every probe hands to RaftNode. The system property {@code raft.probe.lock}
 * (set on the forked jcstress VMs by the broken-lock check) picks it:
 * {@code real} (default) is a ReentrantLock, as in production; {@code noop} excludes
 * nobody and publishes nothing; {@code early} gives up mutual exclusion the moment it
 * is taken, but still orders memory through a real lock. The broken ones live here, in
 * the test module, so production code has no switch for them.
 */
public final class ProbeLocks {
    public static final String PROPERTY = "raft.probe.lock";
    private static final String KIND = System.getProperty(PROPERTY, "real");

    private ProbeLocks() {}

    public static Lock create() {
        return switch (KIND) {
            case "real" -> new ReentrantLock();
            case "noop" -> new NoOpLock();
            case "early" -> new EarlyReleaseLock();
            default -> throw new IllegalArgumentException(
                    PROPERTY + "=" + KIND + ": expected one of real, noop, early");
        };
    }

    public static String kind() {
        return KIND;
    }

    /** Every call succeeds at once; no exclusion, no happens-before. */
    static final class NoOpLock implements Lock {
        @Override public void lock() {}
        @Override public void lockInterruptibly() {}
        @Override public boolean tryLock() { return true; }
        @Override public boolean tryLock(long time, TimeUnit unit) { return true; }
        @Override public void unlock() {}
        @Override public Condition newCondition() { return new ReentrantLock().newCondition(); }
    }

    /**
     * Acquires the real lock and releases it before returning: callers think they hold it
     * for their critical section, but a second thread can enter right away.
     */
    static final class EarlyReleaseLock implements Lock {
        private final ReentrantLock inner = new ReentrantLock();

        @Override public void lock() { inner.lock(); inner.unlock(); }
        @Override public void lockInterruptibly() throws InterruptedException { inner.lockInterruptibly(); inner.unlock(); }
        @Override public boolean tryLock() { lock(); return true; }
        @Override public boolean tryLock(long time, TimeUnit unit) { lock(); return true; }
        @Override public void unlock() {}
        @Override public Condition newCondition() { return new ReentrantLock().newCondition(); }
    }
}
