package raft.node;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** One daemon thread running tasks in submission order: the real-time apply executor. */
public final class SerialExecutor implements java.util.concurrent.Executor, AutoCloseable {
    private final ExecutorService executor;

    public SerialExecutor(String name) {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed: the node is being torn down and its deliveries no longer matter.
        }
    }

    /** Runs what is queued, takes nothing new, returns at once (safe from the executor's own thread). */
    public void shutdown() {
        executor.shutdown();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
