package lincheck.bench;

import clojure.lang.IPersistentMap;
import clojure.lang.IPersistentVector;
import lincheck.api.CheckOptions;
import lincheck.api.CheckResult;
import lincheck.api.Linearizability;
import lincheck.edn.HistoryReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The checker's benchmark: the Knossos corpus in one JVM (per-file and total analysis time for each
 * search), then generated histories: 10,000 ops of one register over 10 processes, and kv
 * histories with 1..32 keys at a fixed number of ops per key (time should grow linearly).
 * Exit status 1 if any corpus verdict is wrong or :unknown.
 */
public final class Bench {
    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("gen")) {
            // gen MODEL OPS PROCESSES CRASH-RATE KEYS ALGORITHM [corrupt]: one generated history
            Generator g = new Generator(args[1], 7, 5);
            List<IPersistentMap> h = g.history(Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Double.parseDouble(args[4]), Integer.parseInt(args[5]));
            if (args.length > 7) h = g.corrupt(h);
            Linearizability.check("register", "0", List.of(), CheckOptions.defaults()); // loads Clojure outside the timing
            timeGenerated(String.join(" ", args), args[6], args[1], Generator.initFor(args[1]), h);
            System.exit(0);
        }
        if (args.length > 0 && args[0].equals("write")) {
            // write MODEL OPS PROCESSES CRASH-RATE KEYS FILE: a generated history, one op per line
            new Generator(args[1], 7, 5).write(Path.of(args[6]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Double.parseDouble(args[4]), Integer.parseInt(args[5]));
            System.exit(0);
        }
        Path shared = Path.of(args.length > 0 ? args[0] : "../shared");
        Path corpus = shared.resolve("histories/knossos");
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(corpus.resolve("MANIFEST.tsv"))) {
            String[] cols = line.split("\t");
            if (cols[0].equals("path") || !Files.exists(corpus.resolve(cols[0]))) continue;
            rows.add(cols);
        }
        Linearizability.check("register", "0", List.of(), CheckOptions.defaults()); // loads Clojure outside the timing
        List<List<?>> histories = new ArrayList<>();
        for (String[] r : rows) histories.add((List<?>) HistoryReader.read(corpus.resolve(r[0])));
        boolean ok = true;
        String[] algorithms = {"competition", "wgl", "linear"};
        double[] totals = new double[algorithms.length];
        System.out.printf("%-46s %6s %9s %12s %12s %12s%n", "corpus file", "events", "verdict", "competition", "wgl", "linear");
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            String[] model = r[1].split(":", 2);
            String init = model.length > 1 ? model[1] : "nil";
            StringBuilder line = new StringBuilder(String.format("%-46s %6s", r[0], r[3]));
            String verdict = null;
            double[] ms = new double[algorithms.length];
            for (int a = 0; a < algorithms.length; a++) {
                long t0 = System.nanoTime();
                CheckResult res = Linearizability.check(model[0], init, histories.get(i),
                        CheckOptions.defaults().withAlgorithm(algorithms[a]).withTimeLimit(Duration.ofSeconds(60)));
                ms[a] = (System.nanoTime() - t0) / 1e6;
                totals[a] += ms[a];
                String v = res.verdict().name().toLowerCase();
                if (!v.equals(r[2].equals("true") ? "valid" : "invalid")) {
                    ok = false;
                    v = "WRONG:" + v + "(" + algorithms[a] + ")";
                }
                if (verdict == null || v.startsWith("WRONG")) verdict = v;
            }
            line.append(String.format(" %9s %10.1fms %10.1fms %10.1fms", verdict, ms[0], ms[1], ms[2]));
            System.out.println(line);
        }
        System.out.printf("corpus: %d files, total analysis time: competition %.2f s, wgl %.2f s, linear %.2f s%s%n",
                rows.size(), totals[0] / 1000, totals[1] / 1000, totals[2] / 1000, ok ? "" : "  (SOME VERDICTS WRONG)");

        System.out.println();
        List<IPersistentMap> valid = new Generator("register", 42, 5).history(10_000, 10, 0.01, 1);
        timeGenerated("register, 10,000 ops, 10 processes, 1% crashed", "competition", "register", "0", valid, 60);
        timeGenerated("register, 10,000 ops, 10 processes, 1% crashed", "wgl", "register", "0", valid, 60);
        Generator g = new Generator("register", 7, 5);
        List<IPersistentMap> bad = g.corrupt(g.history(10_000, 10, 0, 1));
        timeGenerated("register, 10,000 ops, 10 processes, corrupted read", "competition", "register", "0", bad, 60);
        Generator g2 = new Generator("cas-register", 7, 5);
        List<IPersistentMap> bad2 = g2.corrupt(g2.history(10_000, 10, 0.01, 1));
        timeGenerated("cas-register, 10,000 ops, 10 proc., 1% crashed, corrupted", "competition", "cas-register", "0", bad2, 60);
        // Hard for WGL: a late violation after crashed writes; linear (crashed-op pruning) settles it.
        Generator g3 = new Generator("register", 7, 5);
        List<IPersistentMap> bad3 = g3.corrupt(g3.history(10_000, 10, 0.002, 1));
        timeGenerated("register, 10,000 ops, 10 proc., 0.2% crashed, corrupted", "competition", "register", "0", bad3, 30);

        System.out.println();
        for (int keys = 1; keys <= 32; keys *= 2) {
            List<IPersistentMap> h = keyed(keys, 1_000, 5);
            timeGenerated(String.format("kv, %2d keys x 1,000 ops, 5 processes per key", keys), "competition", "kv", "{}", h, 60);
        }
        System.exit(ok ? 0 : 1);
    }

    /** Independent per-key kv histories (same shape for every key), interleaved at random. */
    static List<IPersistentMap> keyed(int keys, int opsPerKey, int processesPerKey) {
        List<List<IPersistentMap>> parts = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            List<IPersistentMap> part = new ArrayList<>();
            for (IPersistentMap op : new Generator("kv", 100 + k, 5).history(opsPerKey, processesPerKey, 0.01, 1)) {
                clojure.lang.IPersistentVector v = (clojure.lang.IPersistentVector) op.valAt(Generator.VALUE);
                long p = ((Number) op.valAt(Generator.PROCESS)).longValue();
                part.add((IPersistentMap) op.assoc(Generator.VALUE, v.assocN(0, "key" + k))
                        .assoc(Generator.PROCESS, p * 1000 + k));
            }
            parts.add(part);
        }
        java.util.Random rnd = new java.util.Random(5);
        int[] next = new int[keys];
        List<IPersistentMap> out = new ArrayList<>();
        int left = keys * 0;
        for (List<IPersistentMap> p : parts) left += p.size();
        while (left > 0) {
            int k = rnd.nextInt(keys);
            if (next[k] < parts.get(k).size()) { out.add(parts.get(k).get(next[k]++)); left--; }
        }
        return out;
    }

    private static void timeGenerated(String what, String alg, String model, String init, List<IPersistentMap> h) {
        timeGenerated(what, alg, model, init, h, 60);
    }

    private static void timeGenerated(String what, String alg, String model, String init, List<IPersistentMap> h, int limitSeconds) {
        long t0 = System.nanoTime();
        CheckResult r = Linearizability.check(model, init, h, CheckOptions.defaults().withAlgorithm(alg).withTimeLimit(Duration.ofSeconds(limitSeconds)));
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf("%-60s %-12s %-8s %9.1f ms  (%.1f us/event)%s%n", what, alg, r.verdict().name().toLowerCase(), ms,
                ms * 1000 / h.size(), r.cause() == null ? "" : " cause " + r.cause());
    }
}
