package raft.lab;

import raft.node.Scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/** Real time: wall-clock timers on a small thread pool, real test threads, one apply thread per instance. */
public final class RealClock implements LabClock {
    private final long seed;
    private final long origin = System.nanoTime();
    private final ScheduledThreadPoolExecutor pool;
    private final List<ExecutorService> appliers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final RandomGenerator random;
    private final RandomGenerator networkRandom;
    private volatile Throwable failure;
    private volatile boolean closed;

    public RealClock(long seed) {
        this.seed = seed;
        this.random = new SynchronizedRandom(new SplittableRandom(LabClock.mix(seed, 1, 0)));
        this.networkRandom = new SplittableRandom(LabClock.mix(seed, 2, 0)); // used under the network's lock
        this.pool = new ScheduledThreadPoolExecutor(4, r -> {
            Thread t = new Thread(r, "lab-timer");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
    }

    @Override
    public boolean isVirtual() {
        return false;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public long nowMillis() {
        return (System.nanoTime() - origin) / 1_000_000;
    }

    @Override
    public void sleep(long millis) {
        checkFailure();
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabFailure("interrupted");
        }
        checkFailure();
    }

    @Override
    public Task spawn(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable x) {
                if (!closed) {
                    fail(x);
                }
            }
        }, "lab-" + name);
        t.setDaemon(true);
        synchronized (threads) {
            threads.add(t);
        }
        t.start();
        return () -> {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabFailure("interrupted");
            }
            checkFailure();
        };
    }

    @Override
    public Scheduler scheduler() {
        return new Scheduler() {
            @Override
            public long nowMillis() {
                return RealClock.this.nowMillis();
            }

            @Override
            public Cancellable schedule(long delayMillis, Runnable task) {
                if (closed) {
                    return () -> {
                    };
                }
                try {
                    ScheduledFuture<?> f = pool.schedule(guard(task), Math.max(0, delayMillis),
                            TimeUnit.MILLISECONDS);
                    return () -> f.cancel(false);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    return () -> {
                    };
                }
            }
        };
    }

    private Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                if (!closed) {
                    fail(t);
                }
            }
        };
    }

    @Override
    public Executor applyExecutor(String name) {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lab-apply-" + name);
            t.setDaemon(true);
            return t;
        });
        synchronized (appliers) {
            appliers.add(ex);
        }
        return task -> {
            try {
                ex.execute(guard(task));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the run is over
            }
        };
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public RandomGenerator networkRandom() {
        return networkRandom;
    }

    @Override
    public RandomGenerator nodeRandom(int server, int generation) {
        return new SplittableRandom(LabClock.mix(seed, 3 + server, generation));
    }

    @Override
    public void fail(Throwable t) {
        if (failure == null) {
            failure = t;
        }
    }

    @Override
    public void checkFailure() {
        Throwable t = failure;
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public String digest() {
        return null;
    }

    @Override
    public void close() {
        closed = true;
        pool.shutdownNow();
        synchronized (appliers) {
            appliers.forEach(ExecutorService::shutdownNow);
        }
        synchronized (threads) {
            threads.forEach(Thread::interrupt);
        }
    }

    /** The harness random is shared by test threads in real time. */
    private static final class SynchronizedRandom implements RandomGenerator {
        private final RandomGenerator delegate;

        SynchronizedRandom(RandomGenerator delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized long nextLong() {
            return delegate.nextLong();
        }

        @Override
        public synchronized int nextInt(int bound) {
            return delegate.nextInt(bound);
        }
    }
}
