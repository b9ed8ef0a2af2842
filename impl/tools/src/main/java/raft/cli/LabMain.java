package raft.cli;

import raft.lab.PeerFactory;
import raft.lab.LabRun;
import raft.lab.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import raft.command.Cli;
import raft.command.HelpOption;
import raft.command.UsageError;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs lab tests outside JUnit (ci/soak): many seeds in virtual time, or the suite in real
 * time, with a line per test (seeds, wall and CPU time, virtual time, events).
 */
@Command(name = "lab", sortOptions = false, description = "The lab 2 suite outside JUnit (ci/soak wraps it).")
public final class LabMain implements Callable<Integer> {

    record Options(List<String> tests, int seeds, long seedBase, Long seed, boolean real, int jobs, boolean verbose) {}

    @Mixin
    HelpOption help;
    @Option(names = "--test", split = ",", paramLabel = "NAME",
            description = "a test (testFigure82C, or Figure82C); repeat or comma-separate; default all 28")
    List<String> tests = new ArrayList<>();
    @Option(names = "--seeds", defaultValue = "20", description = "seeds per test in virtual time (default ${DEFAULT-VALUE})")
    int seeds;
    @Option(names = "--seed-base", defaultValue = "1", description = "first seed (default ${DEFAULT-VALUE})")
    long seedBase;
    @Option(names = "--seed", description = "only this seed (replays a failure exactly in virtual time)")
    Long seed;
    @Option(names = "--real", description = "real time: each test once (seeds only fix random choices)")
    boolean real;
    @Option(names = "--jobs", defaultValue = "1", description = "virtual-time runs in parallel (default ${DEFAULT-VALUE})")
    int jobs;
    @Option(names = "--verbose", description = "print each run's \"Passed\" line")
    boolean verbose;
    @Option(names = "--extensions", description = "also the pre-vote / check-quorum / transfer scenarios "
            + "(alone: --test extensions)")
    boolean extensions;

    public static void main(String[] args) {
        Cli.exit(new LabMain(), args);
    }

    @Override
    public Integer call() throws Exception {
        return run(options()) ? 0 : 1;
    }

    /** The parsed options, checked; test names completed to the lab's. */
    Options options() {
        Cli.between("--seeds", seeds, 1, 1_000_000);
        Cli.between("--jobs", jobs, 1, 64);
        List<String> names = new ArrayList<>();
        for (String t : tests) {
            String name = t.trim();
            if (!name.startsWith("test")) {
                name = "test" + name;
            }
            if (name.equals("testextensions")) {
                names.addAll(Scenarios.EXTENSIONS.keySet());
                continue;
            }
            if (!Scenarios.ALL.containsKey(name) && !Scenarios.EXTENSIONS.containsKey(name)) {
                throw new UsageError("no lab test named '" + t + "'; known: " + String.join(", ", Scenarios.ALL.keySet())
                        + ", " + String.join(", ", Scenarios.EXTENSIONS.keySet()) + " (or: extensions)");
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            names.addAll(Scenarios.ALL.keySet());
        }
        if (extensions) {
            names.addAll(Scenarios.EXTENSIONS.keySet());
        }
        return new Options(names, seeds, seedBase, seed, real, jobs, verbose);
    }

    static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    static boolean run(Options o) throws Exception {
        PrintStream runOut = o.verbose() ? System.out : new PrintStream(OutputStream.nullOutputStream());
        List<Long> seeds = new ArrayList<>();
        if (o.seed() != null) {
            seeds.add(o.seed());
        } else if (o.real()) {
            seeds.add(o.seedBase());
        } else {
            for (long s = o.seedBase(); s < o.seedBase() + o.seeds(); s++) {
                seeds.add(s);
            }
        }
        System.out.printf("%-34s %9s %9s %9s %11s %11s%n", "test", "seeds", "wall s", "cpu s",
                o.real() ? "" : "virtual s", o.real() ? "" : "events");
        boolean allOk = true;
        long w0 = System.nanoTime();
        long c0 = processCpuNanos();
        ExecutorService pool = Executors.newFixedThreadPool(o.jobs());
        try {
            for (String test : o.tests()) {
                long tw = System.nanoTime();
                long tc = processCpuNanos();
                List<Future<LabRun.Result>> futures = new ArrayList<>();
                for (long seed : seeds) {
                    LabRun.Body body = Scenarios.get(test);
                    futures.add(pool.submit(() -> o.real()
                            ? LabRun.real(test, body, seed, Scenarios.factory(test), runOut)
                            : LabRun.virtual(test, body, seed, Scenarios.factory(test), runOut)));
                }
                int passed = 0;
                long virtualMillis = 0;
                long events = 0;
                List<String> failures = new ArrayList<>();
                for (Future<LabRun.Result> f : futures) {
                    try {
                        LabRun.Result r = f.get();
                        passed++;
                        virtualMillis += r.virtualMillis();
                        events += r.events();
                    } catch (java.util.concurrent.ExecutionException e) {
                        Throwable c = e.getCause();
                        String msg = c.getMessage();
                        if (c instanceof LabRun.SeedFailure sf) {
                            msg += "\n  replay: ci/soak --test " + test + " --seed " + sf.seed()
                                    + (o.real() ? " --real" : "");
                        }
                        failures.add(msg);
                    }
                }
                allOk &= failures.isEmpty();
                System.out.printf("%-34s %4d/%-4d %9.1f %9.1f %11s %11s%s%n", test, passed, seeds.size(),
                        (System.nanoTime() - tw) / 1e9, (processCpuNanos() - tc) / 1e9,
                        o.real() ? "" : String.format("%.1f", virtualMillis / 1000.0),
                        o.real() ? "" : Long.toString(events), failures.isEmpty() ? "" : "  FAILED");
                for (String f : failures) {
                    System.out.println("    " + f.replace("\n", "\n    "));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("total: %.1f s wall, %.1f s cpu; %s%n", (System.nanoTime() - w0) / 1e9,
                (processCpuNanos() - c0) / 1e9, allOk ? "all passed" : "FAILURES above");
        return allOk;
    }
}
