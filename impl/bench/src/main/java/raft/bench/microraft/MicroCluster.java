package raft.bench.microraft;

import io.microraft.QueryPolicy;
import io.microraft.RaftConfig;
import io.microraft.RaftEndpoint;
import io.microraft.RaftNode;
import io.microraft.exception.NotLeaderException;
import raft.bench.load.Peer;
import raft.bench.load.Workload;
import raft.kv.Command;
import raft.kv.Op;
import raft.storage.SegmentedLogStorage;
import raft.transport.RoundTripProbe;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Three MicroRaft 0.7 nodes in this JVM over loopback TCP, each with a durable log, the
 * client in-process calling replicate() on the leader (query() for a GET at a read index).
 * Settings that matter for the comparison match ours: snapshot every 10 000 entries, at most 512 entries per
 * AppendEntries, 1 s election timeout. MicroRaft counts heartbeats in whole seconds, so it
 * sends one per second where ours sends ten (idle traffic only).
 */
public final class MicroCluster implements Peer {
    /** MicroRaft's store as issue 14 set it: append + CRC32C + force(false) per batch, the file growing. */
    public static final Factory FACTORY = new Factory("MicroRaft",
            (dir, fsync, readIndex) -> new MicroCluster(dir, fsync, readIndex, false));
    /** The same store over segments preallocated as ours are: what the Raft layers alone differ by. */
    public static final Factory PREALLOCATED = new Factory("MicroRaft prealloc",
            (dir, fsync, readIndex) -> new MicroCluster(dir, fsync, readIndex, true));

    private static final int N = 3;
    private final List<RaftNode> nodes = new ArrayList<>();
    private final List<MicroTransport> transports = new ArrayList<>();
    private final List<SegmentedLogStorage> logs = new ArrayList<>();
    private volatile RaftNode leader;

    private final boolean readIndex;

    private MicroCluster(Path dir, boolean fsync, boolean readIndex, boolean preallocate) throws Exception {
        this.readIndex = readIndex;
        InetSocketAddress[] addr = new InetSocketAddress[N];
        List<RaftEndpoint> members = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            addr[i] = RoundTripProbe.freeLoopbackAddress();
            members.add(new Endpoint(i));
        }
        RaftConfig config = RaftConfig.newBuilder().setLeaderElectionTimeoutMillis(1000)
                .setLeaderHeartbeatPeriodSecs(1).setLeaderHeartbeatTimeoutSecs(5)
                .setCommitCountToTakeSnapshot(10_000).setAppendEntriesRequestBatchSize(512)
                .setMaxPendingLogEntryCount(10_000).build();
        try {
            for (int i = 0; i < N; i++) {
                MicroCodec codec = new MicroCodec("bench");
                MicroTransport t = new MicroTransport(i, addr, codec);
                transports.add(t);
                SegmentedLogStorage log = new SegmentedLogStorage(dir.resolve("m" + i),
                        SegmentedLogStorage.Options.defaults().withFsync(fsync).withPreallocation(preallocate));
                logs.add(log);
                RaftNode node = RaftNode.newBuilder().setGroupId("bench").setLocalEndpoint(members.get(i))
                        .setInitialGroupMembers(members).setConfig(config).setTransport(t)
                        .setStateMachine(new MicroKv()).setStore(new MicroStore(log))
                        .setModelFactory(codec.factory()).build();
                nodes.add(node);
                t.listen(node::handle);
            }
            for (MicroTransport t : transports) {
                t.connect();
            }
            for (RaftNode node : nodes) {
                node.start();
            }
            awaitLeader();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void awaitLeader() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (RaftNode n : nodes) {
                var leaderEndpoint = n.getTerm().getLeaderEndpoint();
                if (leaderEndpoint != null && leaderEndpoint.equals(n.getLocalEndpoint())) {
                    leader = n;
                    // The first replicate() may still meet the new-term entry uncommitted; one round trip settles it.
                    try {
                        n.replicate(new byte[0]).get(5, TimeUnit.SECONDS);
                        return;
                    } catch (Exception e) {
                        break;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("MicroRaft: no leader within 30 s");
    }

    @Override
    public Slot slot() {
        long clientId = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        long[] seq = {0};
        return (Workload w, SplittableRandom r, boolean read) -> {
            Command c = w.next(r, read, clientId, ++seq[0]);
            CompletableFuture<Boolean> out = new CompletableFuture<>();
            RaftNode l = leader;
            // A GET at a read index: MicroRaft's LINEARIZABLE query confirms leadership with one
            // AppendEntries round for every query queued meanwhile (thesis 6.4), as ours does.
            CompletableFuture<? extends io.microraft.Ordered<?>> f = readIndex && c.op() == Op.GET
                    ? l.query(new MicroKv.Query(c.key()), QueryPolicy.LINEARIZABLE, Optional.empty(), Optional.empty())
                    : l.replicate(c.encode());
            f.whenComplete((ordered, err) -> {
                if (err != null && (err instanceof NotLeaderException || err.getCause() instanceof NotLeaderException)) {
                    findLeader();
                }
                out.complete(err == null);
            });
            return out;
        };
    }

    private void findLeader() {
        for (RaftNode n : nodes) {
            var le = n.getTerm().getLeaderEndpoint();
            if (le != null && le.equals(n.getLocalEndpoint())) {
                leader = n;
            }
        }
    }

    @Override
    public void close() {
        for (RaftNode n : nodes) {
            try {
                n.terminate().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing anyway
            }
        }
        transports.forEach(MicroTransport::close);
        logs.forEach(SegmentedLogStorage::close);
    }
}
