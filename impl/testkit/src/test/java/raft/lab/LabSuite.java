package raft.lab;

import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Runs one lab test for the configured seeds. System properties: lab.test (which scenarios), lab.seeds (how many,
 * default 20), lab.seed (exactly this one seed: the replay), lab.seedBase (first seed,
 * default 1), lab.verbose (print every run's "Passed" line).
 */
final class LabSuite {
    private LabSuite() {
    }

    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    /**
     * The scenarios of {@link Scenarios}, in the lab's order, that pass filter and the
     * lab.test property (comma-separated names; unset: all). An unknown name is an error.
     */
    static Stream<String> selected(Predicate<String> filter) {
        String only = System.getProperty("lab.test", "");
        Set<String> wanted = new HashSet<>();
        for (String n : only.split(",")) {
            if (!n.isBlank()) {
                Scenarios.get(n.trim());
                wanted.add(n.trim());
            }
        }
        return Scenarios.ALL.keySet().stream().filter(filter).filter(n -> wanted.isEmpty() || wanted.contains(n));
    }

    /**
     * One scenario as a dynamic test under the lab's name. JUnit's @Timeout does not reach
     * dynamic tests, so the limit is enforced here: a hung node (a deadlock in the core, say)
     * fails the test instead of hanging the build.
     */
    static DynamicTest dynamic(String name, Duration limit, Consumer<String> run) {
        return DynamicTest.dynamicTest(name, () -> Assertions.assertTimeoutPreemptively(limit, () -> run.accept(name),
                () -> name + " did not finish within " + limit));
    }

    static PeerFactory factory() {
        return PeerFactory.RAFT_NODE;
    }

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
