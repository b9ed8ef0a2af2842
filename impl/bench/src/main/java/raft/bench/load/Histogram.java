package raft.bench.load;

import java.util.Arrays;

/**
 * Latencies in logarithmic buckets (200 per decade, about 1.2 % wide, from 1 us to 100 s):
 * fixed memory however long a run is, and histograms of several rounds add up. The width
 * bounds how finely two p50s can be told apart: at 40 per decade (6 % wide) two systems
 * within 6 % of each other showed the same p50 or one a whole bucket apart.
 */
public final class Histogram {
    public static final int PER_DECADE = 200;
    static final int DECADES = 8;
    private static final double MIN_NANOS = 1_000;

    private final long[] counts = new long[PER_DECADE * DECADES + 1];
    private long total;

    public synchronized void add(long nanos) {
        counts[bucket(nanos)]++;
        total++;
    }

    public synchronized void addAll(Histogram other) {
        long[] o;
        synchronized (other) {
            o = other.counts.clone();
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += o[i];
            total += o[i];
        }
    }

    public synchronized long count() {
        return total;
    }

    /** The q-quantile in milliseconds (the upper edge of its bucket); 0 when empty. */
    public synchronized double quantileMillis(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperNanos(i) / 1e6;
            }
        }
        return upperNanos(counts.length - 1) / 1e6;
    }

    /** Cumulative fraction at the upper edge of each bucket, for plotting. */
    public synchronized double[] cdf() {
        double[] out = new double[counts.length];
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            out[i] = total == 0 ? 0 : (double) seen / total;
        }
        return out;
    }

    public synchronized long[] counts() {
        return Arrays.copyOf(counts, counts.length);
    }

    public static int buckets() {
        return PER_DECADE * DECADES + 1;
    }

    public static double upperNanos(int bucket) {
        return MIN_NANOS * Math.pow(10, (double) bucket / PER_DECADE);
    }

    static int bucket(long nanos) {
        if (nanos <= MIN_NANOS) {
            return 0;
        }
        int b = (int) Math.ceil(Math.log10(nanos / MIN_NANOS) * PER_DECADE);
        return Math.min(b, PER_DECADE * DECADES);
    }
}
