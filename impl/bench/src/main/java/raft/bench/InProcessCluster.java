package raft.bench;

import raft.bench.load.Peer;
import raft.bench.load.Workload;
import raft.core.RaftConfig;
import raft.kv.Command;
import raft.kv.KvService;
import raft.kv.ReadMode;
import raft.kv.ReadOptions;
import raft.kv.Wire;
import raft.node.InlineExecutor;
import raft.node.RaftNode;
import raft.node.RealScheduler;
import raft.storage.SegmentedLogStorage;
import raft.transport.NettyTransport;
import raft.transport.NodeInbox;
import raft.transport.RoundTripProbe;
import raft.transport.TransportConfig;
import raft.transport.WireCodec;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This project's like-for-like setup: three RaftNodes in this JVM, each wired as ServerMain
 * wires a server (SegmentedLogStorage, NettyTransport on loopback behind a NodeInbox,
 * KvService applied inline (InlineExecutor), a scheduler thread, the leadership watchdog), the client
 * in-process submitting to the leader's KvService. Snapshots every 10 000 entries or 64 MiB
 * of commands, as ServerMain's defaults take them.
 */
public final class InProcessCluster implements Peer {
    public static final Factory FACTORY = new Factory("ours",
            (dir, fsync, readIndex) -> new InProcessCluster(dir, fsync, readIndex, true, true));
    /** Segments not preallocated (growing files, as MicroRaft's store here): what preallocation gives ours. */
    public static final Factory GROWING = new Factory("ours growing",
            (dir, fsync, readIndex) -> new InProcessCluster(dir, fsync, readIndex, true, false));
    /** Without the NodeInbox: what it costs or gains, measured in one run. */
    public static final Factory INLINE = new Factory("ours inline",
            (dir, fsync, readIndex) -> new InProcessCluster(dir, fsync, readIndex, false, true));

    private static final int N = 3;

    private final class Member {
        final AtomicReference<RaftNode> node = new AtomicReference<>();
        SegmentedLogStorage storage;
        RealScheduler scheduler;
        InlineExecutor applyExecutor;
        NettyTransport transport;
        NodeInbox inbox;
        volatile KvService service;
    }

    private final List<Member> members = new ArrayList<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-watchdog");
        t.setDaemon(true);
        return t;
    });
    private volatile Member leader;

    private InProcessCluster(Path dir, boolean fsync, boolean readIndex, boolean inbox, boolean preallocate)
            throws Exception {
        Map<Integer, InetSocketAddress> peers = new HashMap<>();
        for (int i = 0; i < N; i++) {
            peers.put(i, RoundTripProbe.freeLoopbackAddress());
        }
        try {
            for (int i = 0; i < N; i++) {
                members.add(start(i, dir.resolve("n" + i), fsync, preallocate, readIndex, peers, inbox));
            }
            watchdog.scheduleWithFixedDelay(() -> members.forEach(m -> m.service.checkLeadership()),
                    20, 20, TimeUnit.MILLISECONDS);
            awaitLeader();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private Member start(int id, Path dir, boolean fsync, boolean preallocate, boolean readIndex, Map<Integer, InetSocketAddress> peers,
                         boolean inbox) {
        Member m = new Member();
        m.storage = new SegmentedLogStorage(dir,
                SegmentedLogStorage.Options.defaults().withFsync(fsync).withPreallocation(preallocate));
        m.scheduler = new RealScheduler("raft-timer-" + id, 1);
        m.applyExecutor = new InlineExecutor();
        m.transport = new NettyTransport(TransportConfig.of("bench", id, peers.get(id), peers), WireCodec.RAFT);
        // As ServerMain: the node first (the service calls into it), its deliveries held in the
        // executor until the service exists; applied inline after that.
        RaftNode node = RaftNode.newBuilder().id(id).clusterSize(N).config(RaftConfig.defaults()).storage(m.storage)
                .transport(m.transport).applier(msg -> m.service.apply(msg)).scheduler(m.scheduler)
                .applyExecutor(m.applyExecutor).lock(new ReentrantLock()).random(new Random(System.nanoTime() ^ id))
                .build();
        // ServerMain's default read path (--read-mode read-index), or GETs through the log.
        m.service = new KvService(node, 10_000, 64L << 20,
                readIndex ? new ReadOptions(ReadMode.READ_INDEX, false, false) : ReadOptions.log(), 0,
                System::currentTimeMillis);
        m.applyExecutor.open();
        m.node.set(node);
        if (inbox) {
            m.inbox = NodeInbox.batching("raft-inbox-" + id, node::receive, node::receiveAll);
            m.transport.start(m.inbox);
        } else {
            m.transport.start(node::receive);
        }
        return m;
    }

    private void awaitLeader() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Member l = findLeader();
            if (l != null) {
                leader = l;
                // One write through the log: followers connected and caught up before timing starts.
                Boolean ok = slot().next(new Workload("warm", 0, 1, 1, false), new SplittableRandom(1), false)
                        .get(10, TimeUnit.SECONDS);
                if (ok) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("ours: no leader within 30 s");
    }

    private Member findLeader() {
        for (Member m : members) {
            if (m.node.get().state().isLeader()) {
                return m;
            }
        }
        return null;
    }

    @Override
    public Slot slot() {
        long clientId = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        long[] seq = {0};
        return (w, r, read) -> {
            Command c = w.next(r, read, clientId, ++seq[0]);
            CompletableFuture<Boolean> out = new CompletableFuture<>();
            leader.service.submit(c, (status, result) -> {
                if (status == Wire.Status.NOT_LEADER) {
                    Member l = findLeader();
                    if (l != null) {
                        leader = l;
                    }
                }
                out.complete(status == Wire.Status.OK);
            });
            return out;
        };
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        for (Member m : members) {
            if (m.service != null) {
                m.service.abandonAll();
            }
            RaftNode n = m.node.get();
            if (n != null) {
                n.kill();
            }
            if (m.transport != null) {
                m.transport.close();
            }
            if (m.inbox != null) {
                m.inbox.close();
            }
            if (m.scheduler != null) {
                m.scheduler.close();
            }
            if (m.storage != null) {
                m.storage.close();
            }
        }
    }
}
