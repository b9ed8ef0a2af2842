package raft.cli;

import raft.kv.ClientListener;
import raft.kv.KvService;
import raft.kv.Replicator;
import raft.cli.Flags;
import raft.cli.UsageException;
import raft.core.Message;
import raft.core.RaftConfig;
import raft.node.RaftNode;
import raft.node.RealScheduler;
import raft.node.TermState;
import raft.node.Transport;
import raft.storage.SegmentedLogStorage;
import raft.transport.NettyTransport;
import raft.transport.TlsSettings;
import raft.transport.TransportConfig;
import raft.transport.WireCodec;
import raft.codec.MessageCodec;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The `server` command: one member of a KV cluster. Raft over TCP between members,
 * durable segmented storage in the data directory, the client protocol on its own port.
 * Logs to a file; SIGTERM stops it cleanly (clients' waiting requests are answered
 * UNCERTAIN, storage closed).
 */
public final class ServerMain {
    private ServerMain() {}

    public static final String USAGE = """
            usage: server --id N --peers HOST:PORT,HOST:PORT,... --client [HOST:]PORT --data DIR
                          [--listen HOST:PORT] [--log FILE] [--fsync on|off] [--stale-reads]
                          [--snapshot-every ENTRIES] [--cluster NAME] [--config FILE] [--exit-with PID]
                          [--tls-keystore FILE --tls-truststore FILE] [--pre-vote on|off] [--check-quorum on|off]
              --peers      Raft address of every member in id order (this node's own entry is where it listens
                           unless --listen is given)
              --client     where clients connect
              --data       this node's log, metadata and snapshots
              --log        log file (default DATA/../server.log)
              --fsync      off only for benchmarks: acknowledged writes can be lost on a machine crash
              --stale-reads  serve reads from local state on any node: faster, NOT linearizable
              --exit-with  exit when process PID does (set by the jepsen and bench harnesses)
              --pre-vote, --check-quorum
                           Raft thesis 9.6, both on by default: a node cut off from the cluster does not
                           raise its term, and a leader cut off from a majority steps down
              --config     a properties file with the same names (id=0, peers=..., ...); flags override it
              --tls-keystore, --tls-truststore
                           mutual TLS between members: this node's key and certificate, and the cluster's CA
                           (PKCS12 or JKS); the password is read from the environment variable RAFT_TLS_PASSWORD
                           so it never shows in a process list. Members without a trusted certificate are refused.""";

    public static void main(String[] args) {
        if (raft.cli.Flags.wantsHelp(args)) {
            System.out.println(USAGE);
            return;
        }
        try {
            run(args);
        } catch (UsageException e) {
            System.err.println("server: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(64);
        } catch (Exception e) {
            System.err.println("server: " + e.getMessage());
            System.exit(1);
        }
    }

    static InetSocketAddress address(String flag, String s) {
        int colon = s.lastIndexOf(':');
        try {
            if (colon < 0) {
                return new InetSocketAddress("127.0.0.1", Integer.parseInt(s));
            }
            return new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + flag + ": expected HOST:PORT, got '" + s + "'");
        }
    }

    public static void run(String[] args) throws Exception {
        Flags f = Flags.parse(args, Set.of("stale-reads"));
        int id = (int) f.number("id", -1);
        List<InetSocketAddress> peers = new ArrayList<>();
        for (String p : f.required("peers").split(",")) {
            peers.add(address("peers", p.trim()));
        }
        if (id < 0 || id >= peers.size()) {
            throw new UsageException("--id must be between 0 and " + (peers.size() - 1) + " (one per --peers entry)");
        }
        InetSocketAddress listen = f.has("listen") ? address("listen", f.string("listen", null)) : peers.get(id);
        InetSocketAddress clientAddr = address("client", f.required("client"));
        Path data = Path.of(f.required("data"));
        Path logFile = Path.of(f.string("log", data.toAbsolutePath().getParent().resolve("server.log").toString()));
        boolean fsync = f.bool("fsync", true);
        boolean stale = f.bool("stale-reads", false);
        long snapshotEvery = f.number("snapshot-every", 10_000);
        String cluster = f.string("cluster", "kv");
        long exitWith = f.number("exit-with", -1);
        TlsSettings tls = tls(f);
        RaftConfig raftConfig = RaftConfig.server().withPreVote(f.bool("pre-vote", true))
                .withCheckQuorum(f.bool("check-quorum", true));
        f.rejectUnknown();

        Files.createDirectories(data);
        ServerLog log = new ServerLog(logFile);
        log.info(String.format("starting node %d of %d: raft %s, clients %s, data %s, fsync %s%s; pre-vote %s,"
                + " check-quorum %s", id, peers.size(), listen, clientAddr, data, fsync ? "on" : "off",
                stale ? ", STALE READS" : "", raftConfig.preVote() ? "on" : "off", raftConfig.checkQuorum() ? "on" : "off"));

        SegmentedLogStorage storage = new SegmentedLogStorage(data,
                new SegmentedLogStorage.Options(SegmentedLogStorage.Options.defaults().segmentBytes(), fsync));
        RealScheduler scheduler = new RealScheduler("raft-timer-" + id, 1);
        ExecutorService applyExecutor = Executors.newSingleThreadExecutor(r -> daemon(r, "apply-" + id));
        AtomicReference<RaftNode> nodeRef = new AtomicReference<>();
        Map<Integer, InetSocketAddress> peerMap = new HashMap<>();
        for (int i = 0; i < peers.size(); i++) {
            peerMap.put(i, peers.get(i));
        }
        PeerNetwork net = PeerNetwork.open(cluster, id, listen, peerMap, tls, m -> {
            RaftNode n = nodeRef.get();
            if (n != null) {
                n.receive(m);
            }
        });
        // The service exists before the node: the node's constructor already delivers the
        // recovered snapshot to it. Its calls into Raft come only later, once nodeRef is set.
        KvService service = new KvService(new Replicator() {
            @Override
            public raft.core.StartResult start(byte[] command) {
                return nodeRef.get().start(command);
            }

            @Override
            public TermState state() {
                return nodeRef.get().state();
            }

            @Override
            public void snapshot(long index, byte[] snapshot) {
                RaftNode n = nodeRef.get();
                if (n != null) {
                    n.snapshot(index, snapshot);
                }
            }

            @Override
            public java.util.concurrent.CompletableFuture<Boolean> transferLeadership(int target) {
                log.info("leadership transfer to node " + target + " requested");
                return nodeRef.get().transferLeadership(target).whenComplete((ok, e) ->
                        log.info("leadership transfer to node " + target + (Boolean.TRUE.equals(ok) ? " done" : " failed")));
            }
        }, snapshotEvery);
        RaftNode node = new RaftNode(id, peers.size(), raftConfig, storage, net.transport(),
                service::apply, scheduler, applyExecutor, new ReentrantLock(), new Random(System.nanoTime() ^ id));
        nodeRef.set(node);
        ClientListener listener = new ClientListener(clientAddr, service, stale);

        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "watchdog"));
        TermState[] last = {new TermState(-1, false)};
        watchdog.scheduleWithFixedDelay(() -> {
            try {
                service.checkLeadership();
                TermState ts = node.state();
                if (ts.term() != last[0].term() || ts.isLeader() != last[0].isLeader()) {
                    log.info("term " + ts.term() + (ts.isLeader() ? ": leader" : ": not leader")
                            + ", applied through " + service.appliedIndex());
                    last[0] = ts;
                }
            } catch (RuntimeException e) {
                log.warn("watchdog", e);
            }
        }, 20, 20, TimeUnit.MILLISECONDS);
        log.info("serving");
        if (exitWith > 0) {
            // Started by a harness: don't outlive it.
            ProcessHandle.of(exitWith).ifPresentOrElse(
                    h -> h.onExit().thenRun(() -> {
                        log.info("parent process " + exitWith + " is gone: exiting");
                        System.exit(0);
                    }),
                    () -> System.exit(0));
        }

        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("SIGTERM: shutting down");
            watchdog.shutdownNow();
            listener.close();
            service.abandonAll();
            node.kill();
            net.close();
            applyExecutor.shutdownNow();
            scheduler.close();
            storage.close();
            log.info("stopped");
            log.close();
            main.interrupt();
        }, "shutdown"));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            // shutdown hook ran
        }
    }

    /** Mutual TLS settings from --tls-keystore/--tls-truststore, or null when neither is given. */
    static TlsSettings tls(Flags f) {
        if (!f.has("tls-keystore") && !f.has("tls-truststore")) {
            return null;
        }
        Path keyStore = Path.of(f.required("tls-keystore"));
        Path trustStore = Path.of(f.required("tls-truststore"));
        String password = System.getenv("RAFT_TLS_PASSWORD");
        if (password == null) {
            throw new UsageException("--tls-keystore/--tls-truststore need the stores' password in RAFT_TLS_PASSWORD");
        }
        for (Path p : List.of(keyStore, trustStore)) {
            if (!Files.isReadable(p)) {
                throw new UsageException("TLS store " + p + " is not a readable file");
            }
        }
        return new TlsSettings(keyStore, password.toCharArray(), trustStore, password.toCharArray());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The Raft peer network of one node: outbound Transport plus its lifecycle. */
    interface PeerNetwork extends AutoCloseable {
        Transport transport();

        @Override
        void close();

        static PeerNetwork open(String cluster, int id, InetSocketAddress listen,
                                Map<Integer, InetSocketAddress> peers, TlsSettings tls,
                                java.util.function.Consumer<Message> inbound) throws Exception {
            TransportConfig config = TransportConfig.of(cluster, id, listen, peers);
            if (tls != null) {
                config = config.withTls(tls);
            }
            NettyTransport t = new NettyTransport(config,
                    WireCodec.of(MessageCodec::encode, MessageCodec::decode), inbound).start();
            return new PeerNetwork() {
                @Override
                public Transport transport() {
                    return t;
                }

                @Override
                public void close() {
                    t.close();
                }
            };
        }
    }
}
