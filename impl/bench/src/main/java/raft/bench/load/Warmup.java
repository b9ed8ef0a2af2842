package raft.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Loads a freshly started system until its throughput stops rising. A JVM compiles its hot
 * paths for seconds after it starts; in the 3-process setup three server JVMs do so at once on
 * this machine's two cores, and their compiler threads then take much of the CPU the load needs
 * (JFR: C2 compilations of 3.5-5.6 s per server within the first 8 s). A fixed short warm-up
 * measured that start-up, not the system. After minMillis, one-second windows run until five in a
 * row are no more than 5 % above the best before them, or maxMillis have passed: compilation comes
 * in waves, and a 3-process warm-up held at 10k-15k ops/s for three or four windows before rising again.
 */
public final class Warmup {
    /**
     * How long the warm-up ran, the throughput of its first part (the minimum), that of each
     * one-second window after it (none: none were allowed) and whether they levelled off.
     */
    public record Outcome(long millis, double firstOpsPerSec, List<Double> windows, boolean steady) {}

    static final long WINDOW_MILLIS = 1000;
    static final double RISE = 1.05;

    private Warmup() {}

    public static Outcome untilSteady(Peer peer, Workload w, long minMillis, long maxMillis, long seed)
            throws InterruptedException {
        long t0 = System.nanoTime();
        double first = 0;
        if (minMillis > 0) {
            first = Driver.run(peer, w, 0, minMillis, seed).opsPerSec();
        }
        List<Double> windows = new ArrayList<>();
        while (!steady(windows) && elapsedMillis(t0) + WINDOW_MILLIS <= maxMillis) {
            windows.add(Driver.run(peer, w, 0, WINDOW_MILLIS, seed + windows.size() + 1).opsPerSec());
        }
        return new Outcome(elapsedMillis(t0), first, List.copyOf(windows), steady(windows));
    }

    static final int FLAT = 5;

    /** FLAT windows in a row, each at most 5 % above the best window before it. */
    static boolean steady(List<Double> opsPerSec) {
        int n = opsPerSec.size();
        if (n < FLAT + 1) {
            return false;
        }
        for (int k = n - FLAT; k < n; k++) {
            double best = opsPerSec.subList(0, k).stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            if (opsPerSec.get(k) > RISE * best) {
                return false;
            }
        }
        return true;
    }

    private static long elapsedMillis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
