package raft.node;

/**
 * Time, injected. Production uses wall-clock threads; the simulator uses a
 * virtual-time event queue driven by one thread and a seed.
 */
public interface Scheduler {
    long nowMillis();

    /** Runs task after delayMillis; the returned handle cancels it. */
    Cancellable schedule(long delayMillis, Runnable task);

    interface Cancellable {
        void cancel();
    }
}
