package raft.lab;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one lab test for the configured seeds. System properties: lab.seeds (how many,
 * default 20), lab.seed (exactly this one seed: the replay), lab.seedBase (first seed,
 * default 1), lab.verbose (print every run's "Passed" line).
 */
final class LabSuite {
    private LabSuite() {
    }

    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());


    static List<Long> seeds() {
        String one = System.getProperty("lab.seed");
        List<Long> seeds = new ArrayList<>();
        if (one != null && !one.isBlank()) {
            seeds.add(Long.parseLong(one.trim()));
            return seeds;
        }
        int count = Integer.getInteger("lab.seeds", 20);
        long base = Long.getLong("lab.seedBase", 1);
        for (long s = base; s < base + count; s++) {
            seeds.add(s);
        }
        return seeds;
    }

    static PrintStream out() {
        return Boolean.getBoolean("lab.verbose") ? System.out : QUIET;
    }

    /** Every seed runs; the failure names every failing seed and how to replay the first. */
    static void virtual(String test) {
        List<Long> seeds = seeds();
        List<LabRun.SeedFailure> failures = new ArrayList<>();
        long wall = 0;
        long virtualMillis = 0;
        long events = 0;
        for (long seed : seeds) {
            try {
                LabRun.Result r = LabRun.virtual(test, Scenarios.get(test), seed, Scenarios.factory(test), out());
                wall += r.wallMillis();
                virtualMillis += r.virtualMillis();
                events += r.events();
            } catch (LabRun.SeedFailure f) {
                failures.add(f);
                System.out.println(f.getMessage());
            }
        }
        System.out.printf("%s: %d/%d seeds passed in virtual time; %.1f s wall, %.1f s virtual, %d events%n",
                test, seeds.size() - failures.size(), seeds.size(), wall / 1000.0, virtualMillis / 1000.0, events);
        if (!failures.isEmpty()) {
            List<Long> bad = new ArrayList<>();
            for (LabRun.SeedFailure f : failures) {
                bad.add(seedOf(f));
            }
            AssertionError e = new AssertionError(failures.size() + " of " + seeds.size() + " seeds failed: " + bad
                    + "\nfirst: " + failures.get(0).getMessage(), failures.get(0));
            throw e;
        }
    }

    private static long seedOf(LabRun.SeedFailure f) {
        return f.seed();
    }

    /** One run in real time; the seed fixes the harness's and network's random choices. */
    static void real(String test) {
        String one = System.getProperty("lab.seed");
        long seed = one != null && !one.isBlank() ? Long.parseLong(one.trim()) : System.nanoTime() & 0xFFFFFF;
        LabRun.Result r = LabRun.real(test, Scenarios.get(test), seed, Scenarios.factory(test), System.out);
        System.out.printf("%s: passed in real time in %.1f s (seed %d)%n", test, r.wallMillis() / 1000.0, seed);
    }
}
