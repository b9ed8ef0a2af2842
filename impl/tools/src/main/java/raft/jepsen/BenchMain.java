package raft.jepsen;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import raft.command.Cli;
import raft.command.HelpOption;
import raft.kv.KvClient;
import raft.kv.LoadGenerator;
import raft.storage.FsyncProbe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The `bench` command (a benchmark, not a test): three server processes on loopback,
 * sequential single-client latency and throughput with many operations in flight, once
 * with fsync per batch and once with fsync off, plus this machine's own fsync latency
 * measured in the same directory during the same run.
 */
@Command(name = "bench", sortOptions = false,
        header = "Latency and throughput of three local server processes.", description =
        "Three server processes on loopback: sequential latency and throughput with many "
                + "operations in flight, with fsync per batch and with fsync off, and this machine's fsync "
                + "latency.")
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
            List<String> lines = new ArrayList<>();
            for (boolean fsync : new boolean[] {true, false}) {
                Path runDir = Files.createTempDirectory(dir, fsync ? "fsync-on-" : "fsync-off-");
                var settings = new LocalCluster.Settings(nodes, runDir, fsync, false, 10_000,
                        List.of("-Xmx512m", "-XX:+UseParallelGC"), true);
                try (LocalCluster cluster = new LocalCluster(settings)) {
                    cluster.startAll();
                    try (KvClient client = new KvClient(cluster.clientAddresses(), KvClient.Options.defaults())) {
                        awaitLeader(client, cluster.size());
                        LoadGenerator.run(client, inflight, warmup, keys);
                        LoadGenerator.Stats seq = LoadGenerator.run(client, 1, time, keys);
                        LoadGenerator.Stats par = LoadGenerator.run(client, inflight, time, keys);
                        String tag = "fsync " + (fsync ? "per batch" : "off      ");
                        lines.add(String.format("%s  sequential: p50 %.3f ms, p99 %.3f ms, %.0f ops/s | %d in flight: "
                                        + "%.0f ops/s, p50 %.3f ms, p99 %.3f ms", tag, seq.p50Ms(), seq.p99Ms(),
                                seq.opsPerSec(), inflight, par.opsPerSec(), par.p50Ms(), par.p99Ms()));
                        System.out.println(lines.get(lines.size() - 1));
                    }
                }
            }
            System.out.println("machine fsync latency after the runs: " + FsyncProbe.measure(dir, 200));
            return 0;
        } catch (Exception e) {
            System.err.println("bench: failed: " + e);
            return 3;
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
