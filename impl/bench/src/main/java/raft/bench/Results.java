package raft.bench;

import raft.bench.load.Driver;
import raft.bench.load.Histogram;
import raft.bench.load.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Every sample of a run, by workload row and system, in the order they were taken. */
final class Results {
    final List<Workload> rows = new ArrayList<>();
    final List<String> systems = new ArrayList<>();
    private final Map<String, List<Driver.Sample>> samples = new LinkedHashMap<>();
    final List<String> machine = new ArrayList<>();

    synchronized void add(Workload w, String system, Driver.Sample s) {
        if (!rows.contains(w)) {
            rows.add(w);
        }
        if (!systems.contains(system)) {
            systems.add(system);
        }
        samples.computeIfAbsent(w.id() + "/" + system, k -> new ArrayList<>()).add(s);
    }

    synchronized List<Driver.Sample> of(Workload w, String system) {
        return samples.getOrDefault(w.id() + "/" + system, List.of());
    }

    /** Median, min and max of one statistic over the rounds; null when there is no sample. */
    record Spread(double median, double min, double max) {}

    Spread spread(Workload w, String system, ToDoubleFunction<Driver.Sample> stat) {
        List<Driver.Sample> ss = of(w, system);
        if (ss.isEmpty()) {
            return null;
        }
        double[] v = ss.stream().mapToDouble(stat).sorted().toArray();
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Spread(median, v[0], v[n - 1]);
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

    static double p99(Driver.Sample s) {
        return s.latency().quantileMillis(0.99);
    }
}
