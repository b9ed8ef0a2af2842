package raft.jepsen;

import raft.cli.Flags;
import raft.cli.UsageException;
import raft.kv.KvClient;
import raft.kv.LoadGenerator;
import raft.storage.FsyncProbe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The `bench` command (a benchmark, not a test): three server processes on loopback,
 * sequential single-client latency and throughput with many operations in flight, once
 * with fsync per batch and once with fsync off, plus this machine's own fsync latency
 * measured in the same directory during the same run.
 */
public final class BenchMain {
    private BenchMain() {}

    public static final String USAGE = """
            usage: bench [--nodes 3] [--time 5s] [--warmup 3s] [--inflight 64] [--keys 1000] [--dir DIR]""";

    public static void main(String[] args) {
        if (raft.cli.Flags.wantsHelp(args)) {
            System.out.println(USAGE);
            return;
        }
        System.exit(run(args));
    }

    public static int run(String[] args) {
        int nodes, inflight, keys;
        long time, warmup;
        Path dir;
        try {
            Flags f = Flags.parse(args, Set.of());
            nodes = (int) f.number("nodes", 3);
            time = f.millis("time", 5000);
            warmup = f.millis("warmup", 3000);
            inflight = (int) f.number("inflight", 64);
            keys = (int) f.number("keys", 1000);
            dir = Path.of(f.string("dir", "out/bench"));
            f.rejectUnknown();
        } catch (UsageException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(USAGE);
            return 64;
        }
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
