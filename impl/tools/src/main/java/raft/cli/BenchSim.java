package raft.cli;

import raft.lab.LabClock;
import raft.lab.LabConfig;
import raft.lab.PeerFactory;
import raft.lab.LabRun;
import raft.lab.RealClock;
import raft.lab.Scenarios;
import raft.lab.Commands;
import raft.core.StartResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import raft.command.Cli;
import raft.command.HelpOption;
import raft.command.UsageError;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The benchmark of the simulator and of the lab suite (numbers printed, nothing asserted):
 * simulator throughput in virtual time (events and commits per CPU second), CPU and real
 * time of the whole lab suite in real-time mode, and commit latency in real time over the
 * in-memory network.
 */
@Command(name = "bench-sim", sortOptions = false,
        header = "Benchmarks of the simulator and the lab suite.", description =
        "Prints simulator throughput, the lab suite's CPU and real time in real-time mode (about "
                + "6 minutes; skip with --no-real-suite) and real-time commit latency.")
public final class BenchSim implements Callable<Integer> {
    @Mixin
    HelpOption help;
    @Option(names = "--no-real-suite", description = "skip the lab suite in real time")
    boolean noRealSuite;
    @Option(names = "--sim-seconds", defaultValue = "600", paramLabel = "D",
            description = "virtual time of the throughput run (a bare number is seconds; default ${DEFAULT-VALUE})")
    Duration simTime;
    @Option(names = "--latency-ops", defaultValue = "500", paramLabel = "N",
            description = "sequential commands per latency run (default ${DEFAULT-VALUE})")
    int latencyOps;

    public static void main(String[] args) {
        Cli.exit(new BenchSim(), args);
    }

    @Override
    public Integer call() {
        Cli.between("--latency-ops", latencyOps, 1, 1_000_000);
        if (simTime.toMillis() < 1000) {
            throw new UsageError("--sim-seconds must be at least 1s");
        }
        boolean realSuite = !noRealSuite;
        long simSeconds = simTime.toSeconds();
        int latencyOps = this.latencyOps;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        PeerFactory factory = PeerFactory.RAFT_NODE;

        System.out.println("== simulator throughput (virtual time, one thread)");
        // warm up the JIT so the figures describe steady state
        SimMain.simulate(new SimMain.Options(5, 60_000, 99, false, 0.3, 0.3, 2000, true), quiet, factory);
        long sc0 = cpu();
        SimMain.Summary s = SimMain.simulate(new SimMain.Options(5, simSeconds * 1000, 1, false, 0.3, 0.3, 2000,
                true), quiet, factory);
        double simCpu = (cpu() - sc0) / 1e9; // process CPU: JIT and GC included
        System.out.printf("  sim 5 nodes, unreliable, faults: %d s virtual in %.2f s cpu: %.0f events/cpu-s, "
                        + "%.0f commits/cpu-s, %.0fx real time (%s)%n", simSeconds, simCpu,
                s.events() / simCpu, s.commits() / simCpu, s.virtualMillis() / 1000.0 / simCpu, s.verdict());
        long c0 = cpu();
        long w0 = System.nanoTime();
        long events = 0;
        long virtualMillis = 0;
        for (Map.Entry<String, LabRun.Body> e : Scenarios.ALL.entrySet()) {
            LabRun.Result r = LabRun.virtual(e.getKey(), e.getValue(), 1, factory, quiet);
            events += r.events();
            virtualMillis += r.virtualMillis();
        }
        double cpu = (cpu() - c0) / 1e9;
        System.out.printf("  lab suite, 28 tests x 1 seed: %.1f s virtual in %.2f s cpu (%.2f s wall): %.0f events/cpu-s%n",
                virtualMillis / 1000.0, cpu, (System.nanoTime() - w0) / 1e9, events / cpu);

        if (realSuite) {
            System.out.println("== lab suite in real time (28 tests, one after another)");
            c0 = cpu();
            w0 = System.nanoTime();
            for (Map.Entry<String, LabRun.Body> e : Scenarios.ALL.entrySet()) {
                long tw = System.nanoTime();
                long tc = cpu();
                String verdict = "";
                try {
                    LabRun.real(e.getKey(), e.getValue(), 1, factory, quiet);
                } catch (LabRun.SeedFailure f) {
                    verdict = "  FAILED: " + f.getCause();
                }
                System.out.printf("  %-34s %6.1f s real %6.2f s cpu%s%n", e.getKey(), (System.nanoTime() - tw) / 1e9,
                        (cpu() - tc) / 1e9, verdict);
            }
            System.out.printf("  total: %.1f s real, %.1f s cpu (lab guidance for 2A-2D: ~360 s real, ~60 s cpu)%n",
                    (System.nanoTime() - w0) / 1e9, (cpu() - c0) / 1e9);
        }

        System.out.println("== commit latency in real time (in-memory network, reliable)");
        for (int n : new int[]{3, 5}) {
            latency(n, latencyOps, factory, quiet);
        }
        return 0;
    }

    static long cpu() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** Sequential commands: time from start() on the leader to the leader applying the entry. */
    private static void latency(int n, int ops, PeerFactory factory, PrintStream quiet) {
        LabClock clock = new RealClock(1);
        LabConfig cfg = new LabConfig(clock, factory, quiet, n, false, false);
        try {
            Object lock = new Object();
            long[] applied = new long[n];
            cfg.setApplyListener((server, index) -> {
                synchronized (lock) {
                    applied[server] = Math.max(applied[server], index);
                    lock.notifyAll();
                }
            });
            int leader = cfg.checkOneLeader();
            long[] nanos = new long[ops];
            int done = 0;
            for (int k = 0; k < ops; k++) {
                long t0 = System.nanoTime();
                StartResult r = cfg.raft(leader).start(Commands.encode((long) k));
                if (!r.isLeader()) {
                    break;
                }
                synchronized (lock) {
                    long deadline = System.currentTimeMillis() + 5000;
                    while (applied[leader] < r.index() && System.currentTimeMillis() < deadline) {
                        lock.wait(5);
                    }
                    if (applied[leader] < r.index()) {
                        break;
                    }
                }
                nanos[done++] = System.nanoTime() - t0;
            }
            long[] got = Arrays.copyOf(nanos, done);
            Arrays.sort(got);
            if (done == 0) {
                System.out.printf("  %d nodes: no command committed%n", n);
                return;
            }
            System.out.printf("  %d nodes, %d sequential commands: mean %.2f ms, p50 %.2f ms, p90 %.2f ms, "
                            + "p99 %.2f ms, max %.2f ms%n", n, done, Arrays.stream(got).average().orElse(0) / 1e6,
                    got[done / 2] / 1e6, got[done * 9 / 10] / 1e6, got[Math.min(done - 1, done * 99 / 100)] / 1e6,
                    got[done - 1] / 1e6);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            cfg.cleanup();
            clock.close();
        }
    }
}
