package raft.kv;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a fixed number of operations in flight (each slot its own session, issuing its
 * next operation as soon as the last completes) and measures latency and throughput.
 * Puts and gets over a key space, by default half each; the servers' read mode decides how gets are served.
 */
public final class LoadGenerator {

    public record Stats(long ops, long failed, long unknown, double seconds, double p50Ms, double p99Ms,
                        double maxMs) {
        public double opsPerSec() {
            return ops / seconds;
        }

        @Override
        public String toString() {
            return String.format("%d ops in %.1f s = %.0f ops/s; latency p50 %.3f ms, p99 %.3f ms, max %.1f ms"
                            + "; %d failed, %d unknown", ops, seconds, opsPerSec(), p50Ms, p99Ms, maxMs, failed,
                    unknown);
        }
    }

    private LoadGenerator() {}

    public static Stats run(KvClient client, int inFlight, long millis, int keys) throws InterruptedException {
        return run(client, inFlight, millis, keys, 0.5);
    }

    /** readFraction: the share of gets among the operations (0: writes only). */
    public static Stats run(KvClient client, int inFlight, long millis, int keys, double readFraction)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + millis * 1_000_000L;
        LatencyLog lat = new LatencyLog();
        AtomicLong failed = new AtomicLong(), unknown = new AtomicLong();
        CompletableFuture<?>[] slots = new CompletableFuture<?>[inFlight];
        for (int i = 0; i < inFlight; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            slots[i] = done;
            loop(client.session(), end, keys, readFraction, lat, failed, unknown, done);
        }
        CompletableFuture.allOf(slots).join();
        double secs = (System.nanoTime() - start) / 1e9;
        return lat.stats(failed.get(), unknown.get(), secs);
    }

    private static void loop(KvClient.Session s, long end, int keys, double readFraction, LatencyLog lat,
                             AtomicLong failed,
                             AtomicLong unknown, CompletableFuture<Void> done) {
        if (System.nanoTime() >= end) {
            done.complete(null);
            return;
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String key = "key" + r.nextInt(keys);
        long t0 = System.nanoTime();
        CompletableFuture<KvClient.Response> f = r.nextDouble() >= readFraction
                ? s.put(key, Long.toString(t0)) : s.get(key);
        f.whenComplete((resp, err) -> {
            if (err != null || resp.outcome() == KvClient.Outcome.FAIL) {
                failed.incrementAndGet();
            } else if (resp.outcome() == KvClient.Outcome.UNKNOWN) {
                unknown.incrementAndGet();
            } else {
                lat.add(System.nanoTime() - t0);
            }
            loop(s, end, keys, readFraction, lat, failed, unknown, done);
        });
    }

    /** Latencies in nanoseconds, appended from many threads. */
    private static final class LatencyLog {
        private long[] values = new long[1 << 16];
        private int n;

        synchronized void add(long nanos) {
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = nanos;
        }

        synchronized Stats stats(long failed, long unknown, double secs) {
            long[] v = Arrays.copyOf(values, n);
            Arrays.sort(v);
            return new Stats(n, failed, unknown, secs, pct(v, 0.50), pct(v, 0.99), n == 0 ? 0 : v[n - 1] / 1e6);
        }

        private static double pct(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
        }
    }
}
