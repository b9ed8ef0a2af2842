package raft.bench;

import raft.bench.load.Driver;
import raft.bench.load.Histogram;
import raft.bench.load.Warmup;
import raft.bench.load.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** Every sample of a run, by workload row and system, in the order they were taken. */
final class Results {
    final List<Workload> rows = new ArrayList<>();
    final List<String> systems = new ArrayList<>();
    /** By row and system: each round's sample, by round. */
    private final Map<String, Map<Integer, Driver.Sample>> samples = new LinkedHashMap<>();
    final List<String> machine = new ArrayList<>();
    private final Map<String, List<Warmup.Outcome>> warmups = new LinkedHashMap<>();

    synchronized void warmedUp(String system, Warmup.Outcome o) {
        warmups.computeIfAbsent(system, k -> new ArrayList<>()).add(o);
    }

    /** How long each system took to level off after its starts: min-max over them, and how many did not. */
    synchronized String warmupSummary() {
        StringBuilder b = new StringBuilder("warm-up after each start, until throughput levelled off:");
        warmups.forEach((system, os) -> {
            double min = os.stream().mapToLong(Warmup.Outcome::millis).min().orElse(0) / 1e3;
            double max = os.stream().mapToLong(Warmup.Outcome::millis).max().orElse(0) / 1e3;
            long rising = os.stream().filter(o -> !o.windows().isEmpty() && !o.steady()).count();
            b.append(String.format(" %s %.1f-%.1f s%s;", system, min, max,
                    rising == 0 ? "" : " (" + rising + " of " + os.size() + " still rising at the cap)"));
        });
        return b.substring(0, b.length() - 1);
    }

    synchronized void add(Workload w, String system, int round, Driver.Sample s) {
        if (!rows.contains(w)) {
            rows.add(w);
        }
        if (!systems.contains(system)) {
            systems.add(system);
        }
        samples.computeIfAbsent(w.id() + "/" + system, k -> new TreeMap<>()).put(round, s);
    }

    /** The samples of one row and system, in round order. */
    synchronized List<Driver.Sample> of(Workload w, String system) {
        return List.copyOf(samples.getOrDefault(w.id() + "/" + system, Map.of()).values());
    }

    /** Median, min and max of one statistic over the rounds; null when there is no sample. */
    record Spread(double median, double min, double max) {}

    Spread spread(Workload w, String system, ToDoubleFunction<Driver.Sample> stat) {
        List<Driver.Sample> ss = of(w, system);
        if (ss.isEmpty()) {
            return null;
        }
        double[] v = ss.stream().mapToDouble(stat).sorted().toArray();
        return new Spread(median(v), v[0], v[v.length - 1]);
    }

    /**
     * The median over rounds of a's statistic divided by b's in the same round (each round runs
     * the row on both back to back, so each ratio compares the two on the same machine state);
     * null when no round has both, or b's statistic is zero.
     */
    synchronized Double pairedRatio(Workload w, String a, String b, ToDoubleFunction<Driver.Sample> stat) {
        Map<Integer, Driver.Sample> as = samples.getOrDefault(w.id() + "/" + a, Map.of());
        Map<Integer, Driver.Sample> bs = samples.getOrDefault(w.id() + "/" + b, Map.of());
        List<Double> ratios = new ArrayList<>();
        as.forEach((round, s) -> {
            Driver.Sample t = bs.get(round);
            if (t != null && stat.applyAsDouble(t) != 0) {
                ratios.add(stat.applyAsDouble(s) / stat.applyAsDouble(t));
            }
        });
        return ratios.isEmpty() ? null : median(ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray());
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** All rounds' latencies of one cell together (for the plots). */
    Histogram merged(Workload w, String system) {
        Histogram h = new Histogram();
        for (Driver.Sample s : of(w, system)) {
            h.addAll(s.latency());
        }
        return h;
    }

    static double p50(Driver.Sample s) {
        return s.latency().quantileMillis(0.50);
    }

    static double p50Reads(Driver.Sample s) {
        return s.reads().quantileMillis(0.50);
    }

    static double p50Writes(Driver.Sample s) {
        return s.writes().quantileMillis(0.50);
    }

    static double p99(Driver.Sample s) {
        return s.latency().quantileMillis(0.99);
    }
}
