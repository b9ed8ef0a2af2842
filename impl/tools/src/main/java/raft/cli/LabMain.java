package raft.cli;

import raft.lab.LabRun;
import raft.lab.Scenarios;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static raft.cli.Args.number;
import static raft.cli.Args.value;

/**
 * Runs lab tests outside JUnit (ci/soak): many seeds in virtual time, or the suite in real
 * time, with a line per test (seeds, wall and CPU time, virtual time, events).
 */
public final class LabMain {
    private LabMain() {
    }

    record Options(List<String> tests, int seeds, long seedBase, Long seed, boolean real, int jobs, boolean verbose) {}

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("lab: " + e.getMessage());
            System.err.println("run 'lab --help' for the options");
            System.exit(2);
            return;
        }
        if (o == null) {
            return;
        }
        System.exit(run(o) ? 0 : 1);
    }

    static Options parse(String[] args) {
        List<String> tests = new ArrayList<>();
        int seeds = 20;
        long base = 1;
        Long seed = null;
        boolean real = false;
        int jobs = 1;
        boolean verbose = false;
        boolean extensions = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    System.out.println("""
                            usage: lab [options]   (the lab 2 suite outside JUnit; ci/soak wraps it)
                              --test NAME     a test (testFigure82C, or Figure82C); repeat or comma-separate; default all 28
                              --extensions    also the pre-vote / check-quorum / transfer scenarios (alone: --test extensions)
                              --seeds N       seeds per test in virtual time (default 20)
                              --seed-base B   first seed (default 1)
                              --seed S        only this seed (replays a failure exactly in virtual time)
                              --real          real time: each test once (seeds only fix random choices)
                              --jobs J        virtual-time runs in parallel (default 1)
                              --verbose       print each run's "Passed" line""");
                    return null;
                }
                case "--real" -> real = true;
                case "--extensions" -> extensions = true;
                case "--verbose" -> verbose = true;
                case "--test" -> {
                    for (String t : value(args, ++i, a).split(",")) {
                        String name = t.trim();
                        if (!name.startsWith("test")) {
                            name = "test" + name;
                        }
                        if (name.equals("testextensions")) {
                            tests.addAll(Scenarios.EXTENSIONS.keySet());
                            continue;
                        }
                        if (!Scenarios.ALL.containsKey(name) && !Scenarios.EXTENSIONS.containsKey(name)) {
                            throw new IllegalArgumentException("no lab test named '" + t + "'; known: "
                                    + String.join(", ", Scenarios.ALL.keySet()) + ", "
                                    + String.join(", ", Scenarios.EXTENSIONS.keySet()) + " (or: extensions)");
                        }
                        tests.add(name);
                    }
                }
                case "--seeds" -> seeds = (int) number(a, value(args, ++i, a), 1, 1_000_000);
                case "--seed-base" -> base = number(a, value(args, ++i, a), Long.MIN_VALUE, Long.MAX_VALUE);
                case "--seed" -> seed = number(a, value(args, ++i, a), Long.MIN_VALUE, Long.MAX_VALUE);
                case "--jobs" -> jobs = (int) number(a, value(args, ++i, a), 1, 64);
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (tests.isEmpty()) {
            tests.addAll(Scenarios.ALL.keySet());
            if (extensions) {
                tests.addAll(Scenarios.EXTENSIONS.keySet());
            }
        }
        return new Options(tests, seeds, base, seed, real, jobs, verbose);
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
