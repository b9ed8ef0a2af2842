package raft.bench.load;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps w.inFlight() operations outstanding against a peer for a fixed time, each slot issuing
 * its next operation as soon as the last completes, and records latency, throughput, CPU and
 * allocation. A measurement starts after a warm-up of the same load.
 */
public final class Driver {
    /**
     * One measurement. cpuNanos and allocBytes are deltas over the measured interval; reads and
     * writes: the latencies of each kind alone (in a 50 % mix the p50 of all falls between them).
     */
    public record Sample(long ops, long failed, double seconds, Histogram latency, Histogram reads, Histogram writes,
                         long cpuNanos, long allocBytes) {
        public double opsPerSec() {
            return ops / seconds;
        }

        public double cpuMicrosPerOp() {
            return ops == 0 ? 0 : cpuNanos / 1e3 / ops;
        }

        public double allocBytesPerOp() {
            return ops == 0 ? 0 : (double) allocBytes / ops;
        }
    }

    private Driver() {}

    public static Sample run(Peer peer, Workload w, long warmupMillis, long millis, long seed) throws InterruptedException {
        return run(peer, w, warmupMillis, millis, Long.MAX_VALUE, seed);
    }

    /**
     * As {@link #run(Peer, Workload, long, long, long)}, but ends after issuing exactly ops
     * operations, or after maxMillis. With one in flight, two runs of the same seed and ops
     * issue the same operations in the same order: a mixed row's two kinds in the same numbers,
     * so its p50 over all falls on the same kind for both (see {@link Sample}).
     */
    public static Sample runOps(Peer peer, Workload w, long warmupMillis, long ops, long maxMillis, long seed)
            throws InterruptedException {
        return run(peer, w, warmupMillis, maxMillis, ops, seed);
    }

    /** Operations issued by a sample's run: completed and refused (a refused one is not retried). */
    public static long issued(Sample s) {
        return s.ops() + s.failed();
    }

    private static Sample run(Peer peer, Workload w, long warmupMillis, long millis, long ops, long seed)
            throws InterruptedException {
        if (warmupMillis > 0) {
            load(peer, w, warmupMillis, Long.MAX_VALUE, seed ^ 0x5eed,
                    new Histogram[]{new Histogram(), new Histogram(), new Histogram()}, new AtomicLong());
        }
        Histogram[] h = {new Histogram(), new Histogram(), new Histogram()};
        AtomicLong failed = new AtomicLong();
        long cpu0 = Resources.cpuNanos();
        var alloc0 = Resources.allocatedBytes();
        long t0 = System.nanoTime();
        load(peer, w, millis, ops, seed, h, failed);
        double secs = (System.nanoTime() - t0) / 1e9;
        long cpu = Resources.cpuNanos() - cpu0;
        long alloc = Resources.allocatedSince(alloc0);
        return new Sample(h[0].count(), failed.get(), secs, h[0], h[1], h[2], cpu, alloc);
    }

    /**
     * What runs while no load does (the started systems' timers and heartbeats), over millis:
     * CPU and allocation per second, as the measurements would count them.
     */
    public static String idle(long millis) throws InterruptedException {
        long cpu0 = Resources.cpuNanos();
        var alloc0 = Resources.allocatedBytes();
        long t0 = System.nanoTime();
        Thread.sleep(millis);
        double secs = (System.nanoTime() - t0) / 1e9;
        return String.format("CPU %.1f ms/s, allocation %.0f KB/s", (Resources.cpuNanos() - cpu0) / 1e6 / secs,
                Resources.allocatedSince(alloc0) / 1e3 / secs);
    }

    /** h: all latencies, those of reads, those of writes. */
    private static void load(Peer peer, Workload w, long millis, long ops, long seed, Histogram[] h,
                             AtomicLong failed) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        AtomicLong budget = new AtomicLong(ops);
        CompletableFuture<?>[] done = new CompletableFuture<?>[w.inFlight()];
        SplittableRandom root = new SplittableRandom(seed);
        for (int i = 0; i < done.length; i++) {
            CompletableFuture<Void> d = new CompletableFuture<>();
            done[i] = d;
            new Loop(peer.slot(), w, root.split(), end, budget, h, failed, d).issue();
        }
        try {
            CompletableFuture.allOf(done).get(millis + 30_000, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("load did not finish: " + e, e);
        }
    }

    /**
     * One slot's chain of operations. A refusal is counted, and a new operation issued after a
     * millisecond.
     */
    private static final class Loop {
        final Peer.Slot slot;
        final Workload w;
        final SplittableRandom r;
        final long end;
        /** Operations left to issue, over all slots. */
        final AtomicLong budget;
        final Histogram[] h;
        final AtomicLong failed;
        final CompletableFuture<Void> done;

        Loop(Peer.Slot slot, Workload w, SplittableRandom r, long end, AtomicLong budget, Histogram[] h,
             AtomicLong failed, CompletableFuture<Void> done) {
            this.slot = slot;
            this.w = w;
            this.r = r;
            this.end = end;
            this.budget = budget;
            this.h = h;
            this.failed = failed;
            this.done = done;
        }

        void issue() {
            if (System.nanoTime() >= end || budget.getAndDecrement() <= 0) {
                done.complete(null);
                return;
            }
            boolean read = w.nextIsRead(r);
            long t0 = System.nanoTime();
            slot.next(w, r, read).whenComplete((ok, err) -> {
                if (err == null && ok) {
                    long nanos = System.nanoTime() - t0;
                    h[0].add(nanos);
                    h[read ? 1 : 2].add(nanos);
                    issue();
                } else {
                    failed.incrementAndGet();
                    CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.MILLISECONDS).execute(this::issue);
                }
            });
        }
    }
}
