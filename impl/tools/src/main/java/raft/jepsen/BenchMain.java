package raft.jepsen;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import raft.command.Cli;
import raft.command.HelpOption;
import raft.kv.KvClient;
import raft.kv.LoadGenerator;
import raft.kv.ReadMode;
import raft.storage.FsyncProbe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The `bench` command (a benchmark, not a test): three server processes on loopback, for
 * each read mode (--read-modes) with fsync per batch and with fsync off: sequential
 * single-client latency, then throughput with many operations in flight for three workloads
 * (writes only, 50 % and 90 % reads); plus this machine's own fsync latency measured in the
 * same directory during the same run.
 */
@Command(name = "bench", sortOptions = false,
        header = "Latency and throughput of three local server processes.", description =
        "Three server processes on loopback, per read mode and with fsync per batch and off: "
                + "sequential latency, and throughput with many operations in flight for writes only, 50 %% "
                + "and 90 %% reads; and this machine's fsync latency.")
public final class BenchMain implements Callable<Integer> {
    @Mixin
    HelpOption help;
    @Option(names = "--nodes", defaultValue = "3", description = "servers (default ${DEFAULT-VALUE})")
    int nodes;
    @Option(names = "--time", defaultValue = "5s", description = "length of each measured run (default ${DEFAULT-VALUE})")
    Duration time;
    @Option(names = "--warmup", defaultValue = "3s", description = "load before measuring (default ${DEFAULT-VALUE})")
    Duration warmup;
    @Option(names = "--inflight", defaultValue = "64", description = "operations in flight for throughput (default ${DEFAULT-VALUE})")
    int inflight;
    @Option(names = "--keys", defaultValue = "1000", description = "distinct keys (default ${DEFAULT-VALUE})")
    int keys;
    @Option(names = "--dir", defaultValue = "out/bench", description = "where the servers' data goes (default ${DEFAULT-VALUE})")
    Path dir;
    @Option(names = "--read-modes", defaultValue = "log,read-index,lease", split = ",",
            description = "the servers' read modes to compare (default ${DEFAULT-VALUE})")
    List<String> readModes;

    /** Workloads: the share of reads among the operations. */
    static final double[] READ_SHARES = {0, 0.5, 0.9};

    public static void main(String[] args) {
        Cli.exit(new BenchMain(), args);
    }

    @Override
    public Integer call() {
        Cli.between("--nodes", nodes, 1, 9);
        Cli.between("--inflight", inflight, 1, 100_000);
        Cli.between("--keys", keys, 1, Integer.MAX_VALUE);
        long time = this.time.toMillis();
        long warmup = this.warmup.toMillis();
        try {
            Files.createDirectories(dir);
            FsyncProbe.Result probe = FsyncProbe.measure(dir, 200);
            System.out.println("machine fsync latency (" + dir + "): " + probe);
            System.out.println("storage persist() of one entry: " + FsyncProbe.measureLogAppend(dir, 200));
            List<ReadMode> modes = new ArrayList<>();
            for (String m : readModes) {
                modes.add(ReadMode.ofFlag(m.trim()));
            }
            for (boolean fsync : new boolean[] {true, false}) {
                for (ReadMode mode : modes) {
                    measure(fsync, mode, time, warmup);
                }
            }
            System.out.println("machine fsync latency after the runs: " + FsyncProbe.measure(dir, 200));
            return 0;
        } catch (Exception e) {
            System.err.println("bench: failed: " + e);
            return 3;
        }
    }

    /**
     * One cluster with this fsync and read mode: sequential latency (half reads), then with
     * --inflight operations in flight each workload (writes only, 50 %, 90 % reads).
     */
    private void measure(boolean fsync, ReadMode mode, long time, long warmup) throws Exception {
        Path runDir = Files.createTempDirectory(dir, (fsync ? "fsync-on-" : "fsync-off-") + mode.flag() + "-");
        var settings = new LocalCluster.Settings(nodes, runDir, fsync, false, 10_000,
                List.of("-Xmx512m", "-XX:+UseParallelGC"), true, false, List.of("--read-mode", mode.flag()));
        try (LocalCluster cluster = new LocalCluster(settings)) {
            cluster.startAll();
            try (KvClient client = new KvClient(cluster.clientAddresses(), KvClient.Options.defaults())) {
                awaitLeader(client, cluster.size());
                LoadGenerator.run(client, inflight, warmup, keys);
                LoadGenerator.Stats seq = LoadGenerator.run(client, 1, time, keys);
                String tag = String.format("fsync %-9s reads %-10s", fsync ? "per batch" : "off", mode.flag());
                System.out.printf("%s sequential (50 %% reads): p50 %.3f ms, p99 %.3f ms, %.0f ops/s%n", tag,
                        seq.p50Ms(), seq.p99Ms(), seq.opsPerSec());
                for (double share : READ_SHARES) {
                    LoadGenerator.Stats par = LoadGenerator.run(client, inflight, time, keys, share);
                    System.out.printf("%s %2.0f %% reads, %d in flight: %6.0f ops/s, p50 %.3f ms, p99 %.3f ms%s%n",
                            tag, share * 100, inflight, par.opsPerSec(), par.p50Ms(), par.p99Ms(),
                            par.failed() + par.unknown() > 0 ? " (" + par.failed() + " failed, " + par.unknown()
                                    + " unknown)" : "");
                }
            }
        }
    }

    public static void awaitLeader(KvClient client, int n) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < n; i++) {
                try {
                    if (client.status(i).get().leader()) {
                        return;
                    }
                } catch (Exception e) {
                    // not up yet
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no leader within 60 s");
    }
}
