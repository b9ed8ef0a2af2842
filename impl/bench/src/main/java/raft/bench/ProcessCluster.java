package raft.bench;

import raft.bench.load.Peer;
import raft.bench.load.Workload;
import raft.jepsen.BenchMain;
import raft.jepsen.LocalCluster;
import raft.kv.KvClient;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The user's setup: three server processes (raft.cli.ServerMain, started by LocalCluster as
 * the bench command starts them, peers connected directly) and the TCP KvClient in this JVM.
 */
public final class ProcessCluster implements Peer {
    public static final Factory FACTORY = new Factory("ours 3 proc", ProcessCluster::new);

    private final LocalCluster cluster;
    private final KvClient client;

    private ProcessCluster(Path dir, boolean fsync, boolean readIndex) throws Exception {
        cluster = new LocalCluster(new LocalCluster.Settings(3, dir, fsync, false, 10_000,
                List.of("-Xmx512m", "-XX:+UseParallelGC"), true, false,
                List.of("--read-mode", readIndex ? "read-index" : "log")));
        KvClient c = null;
        try {
            cluster.startAll();
            c = new KvClient(cluster.clientAddresses(), KvClient.Options.defaults());
            BenchMain.awaitLeader(c, cluster.size());
        } catch (Exception | Error e) {
            if (c != null) {
                c.close();
            }
            cluster.close();
            throw e;
        }
        client = c;
    }

    @Override
    public Slot slot() {
        KvClient.Session s = client.session();
        return (w, r, read) -> {
            CompletableFuture<KvClient.Response> f = read
                    ? s.get(Workload.key(r)) : s.put(Workload.key(r), w.value(r));
            return f.thenApply(KvClient.Response::ok);
        };
    }

    @Override
    public void close() {
        client.close();
        cluster.close();
    }
}
