package raft.jcstress.harness;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * The node's applyExecutor: captures tasks; the probe decides which thread runs them and
 * when (an actor racing the node, or the arbiter afterwards). Runs them one at a time.
 */
public final class QueueExecutor implements Executor {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs every queued task, including ones queued while running; returns how many ran. */
    public synchronized int drain() {
        int n = 0;
        Runnable r;
        while ((r = tasks.poll()) != null) {
            r.run();
            n++;
        }
        return n;
    }

    public int queued() {
        return tasks.size();
    }
}
