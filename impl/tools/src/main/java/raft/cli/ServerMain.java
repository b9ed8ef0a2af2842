package raft.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import raft.command.Cli;
import raft.command.HelpOption;
import raft.command.OnOff;
import raft.command.UsageError;
import raft.core.Membership;
import raft.kv.ClientListener;
import raft.kv.KvClient;
import raft.kv.KvService;
import raft.codec.TraceLines;
import raft.core.Message;
import raft.core.RaftConfig;
import raft.core.Tracer;
import raft.kv.ReadMode;
import raft.kv.ReadOptions;
import raft.node.InlineExecutor;
import raft.node.RaftNode;
import raft.node.RealScheduler;
import raft.node.TermState;
import raft.node.Transport;
import raft.storage.SegmentedLogStorage;
import raft.transport.NettyTransport;
import raft.transport.NodeInbox;
import raft.transport.TlsSettings;
import raft.transport.TransportConfig;
import raft.transport.WireCodec;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The `server` command: one member of a KV cluster. Raft over TCP between members,
 * durable segmented storage in the data directory, the client protocol on its own port.
 * Logs to a file (its own lines, the library's System.Logger records and what storage
 * recovery did); SIGTERM stops it cleanly (clients' waiting requests are answered
 * UNCERTAIN, storage closed). Exit 1 when it cannot start.
 * An option is one annotated field here; --config FILE may give any of them.
 */
@Command(name = "server", sortOptions = false, description = "One member of a replicated key-value cluster.")
public final class ServerMain implements Callable<Integer> {
    @Mixin
    HelpOption help;
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;
    @Option(names = "--id", required = true, paramLabel = "N", description = "this node's id, stable for its life: "
            + "with --peers its index there (from 0); with --join an id never used in this cluster")
    int id;
    @Mixin
    ServerMembers members;
    @Option(names = "--client", required = true, paramLabel = "[HOST:]PORT", converter = HostPort.class,
            description = "where clients connect")
    InetSocketAddress client;
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "this node's log, metadata and snapshots")
    Path data;
    @Option(names = "--listen", paramLabel = "HOST:PORT", converter = HostPort.class,
            description = "where to listen for peers, if not at this node's --peers entry (needed with --join)")
    InetSocketAddress listen;
    @Option(names = "--log", paramLabel = "FILE", description = "log file (default DATA/../server.log)")
    Path logPath;
    @Option(names = "--fsync", arity = "1", defaultValue = "on", converter = OnOff.class, paramLabel = "on|off",
            description = "off only for benchmarks: acknowledged writes can be lost on a machine crash (default on)")
    boolean fsync;
    @Option(names = "--stale-reads", description = "serve reads from local state on any node: faster, NOT linearizable")
    boolean staleReads;
    @Option(names = "--snapshot-every", defaultValue = "10000", paramLabel = "ENTRIES",
            description = "snapshot the state machine every ENTRIES applied entries (default ${DEFAULT-VALUE})")
    long snapshotEvery;
    @Option(names = "--snapshot-mib", defaultValue = "64", paramLabel = "MIB",
            description = "also snapshot once the entries applied since the last one hold MIB mebibytes of commands;"
                    + " 0: by entry count only (default ${DEFAULT-VALUE})")
    long snapshotMib;
    @Option(names = "--cluster", defaultValue = "kv", paramLabel = "NAME",
            description = "cluster name; members of another cluster are refused (default ${DEFAULT-VALUE})")
    String cluster;
    @Option(names = "--exit-with", defaultValue = "-1", paramLabel = "PID",
            description = "exit when process PID does (set by the jepsen and bench harnesses)")
    long exitWith;
    @Option(names = "--config", paramLabel = "FILE",
            description = "a properties file with the same names (id=0, peers=..., ...); options given here override it")
    Path config;
    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "mutual TLS between members: this node's "
            + "key and certificate (PKCS12 or JKS); the password is read from the environment variable "
            + "RAFT_TLS_PASSWORD so it never shows in a process list")
    Path tlsKeyStore;
    @Option(names = "--tls-truststore", paramLabel = "FILE",
            description = "with --tls-keystore: the cluster's CA; members without a trusted certificate are refused. "
                    + "Each node's certificate must name it as raft://CLUSTER/ID (URI subjectAltName or CN)")
    Path tlsTrustStore;
    @Mixin
    ServerGuards guards;
    @Mixin
    RaftFlags raftFlags;
    @Mixin
    ReadFlags reads;
    @Option(names = "--lease-drift", defaultValue = "100", paramLabel = "MS",
            description = "with --read-mode lease: the clock-drift bound taken off the lease (default ${DEFAULT-VALUE})")
    long leaseDrift;
    @Option(names = "--session-idle", defaultValue = "1h", paramLabel = "DURATION",
            description = "drop a client's session (its last sequence number and result) after this long unused, "
                    + "in the log's time (the leaders' clocks); must exceed every client's retry deadline "
                    + "(default ${DEFAULT-VALUE})")
    Duration sessionIdle;

    @Option(names = "--trace", paramLabel = "FILE", description = "append the Raft core's events to FILE (in a "
            + "directory: DIR/node-ID.trace), continued across restarts, for validation against the TLA+ spec "
            + "(ci/trace-validate --merge); frames to peers then carry the sender's event id")
    Path trace;

    private ReadOptions readOptions() {
        return reads.options(raftFlags.checkQuorum());
    }

    /** The server profile with this command line's choices; a lease without check-quorum is a usage error. */
    RaftConfig raftConfig() {
        RaftConfig c = RaftConfig.server().withPreVote(raftFlags.preVote()).withCheckQuorum(raftFlags.checkQuorum());
        if (readOptions().mode() != ReadMode.LEASE) {
            return c;
        }
        if (leaseDrift < 0 || leaseDrift >= c.electionTicksMin() * c.tickMillis()) {
            throw new UsageError("--lease-drift must be between 0 and " + (c.electionTicksMin() * c.tickMillis() - 1)
                    + " ms (the shortest election timeout)");
        }
        return c.withLeaseDriftMillis(leaseDrift);
    }

    /** --snapshot-mib in bytes; a negative interval is a usage error. */
    long snapshotBytes() {
        if (snapshotEvery < 0) {
            throw new UsageError("--snapshot-every must be 0 (entry counts take no snapshot) or positive, not " + snapshotEvery);
        }
        if (snapshotMib < 0 || snapshotMib > (Long.MAX_VALUE >> 20)) {
            throw new UsageError("--snapshot-mib must be 0 (command bytes take no snapshot) or a positive number of MiB, not "
                    + snapshotMib);
        }
        return snapshotMib << 20;
    }

    public static void main(String[] args) {
        Cli.exit(new ServerMain(), args);
    }

    @Override
    public Integer call() throws Exception {
        members.check(id, listen, client);
        TlsSettings tls = tls();
        guards.check(tls);
        raftConfig();
        snapshotBytes();
        if (members.joining()) {
            ServerMembers.checkEmpty(data);
        } else if (members.initial() == null && !hasData(data)) {
            throw new UsageError("give --peers (a new cluster) or --join HOST:PORT (a running one); only a member "
                    + "whose --data already holds its state restarts with neither");
        }
        try {
            serve(tls);
            return 0;
        } catch (Exception e) {
            spec.commandLine().getErr().println("server: " + e.getMessage());
            return 1;
        }
    }

    private static boolean hasData(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    private void serve(TlsSettings tls) throws Exception {
        InetSocketAddress listen = members.listen(id, this.listen);
        InetSocketAddress clientAddr = client;
        KvClient.Options joinOptions = new KvClient.Options(1000, 30_000, false);
        Membership initial = members.initial();
        // A joiner learns the members first: it must admit the leader that will dial it.
        Membership known = members.joining() ? members.current(id, joinOptions) : initial;
        boolean stale = staleReads;
        long exitWith = this.exitWith;
        Path logFile = logPath != null ? logPath : data.toAbsolutePath().getParent().resolve("server.log");
        Files.createDirectories(data);
        ServerLog log = new ServerLog(logFile);
        log.captureLibraryLogs();
        RaftConfig raftConfig = raftConfig();
        ReadOptions readOpts = readOptions();
        log.info(String.format("starting node %d (%s): raft %s, clients %s, data %s, fsync %s%s; pre-vote %s,"
                + " check-quorum %s; reads %s%s%s", id, initial != null ? "one of " + initial.voters().size()
                        + " from --peers" : members.joining() ? "joining " + known : "restarting from its data",
                listen, clientAddr, data, fsync ? "on" : "off",
                stale ? ", STALE READS" : "", raftFlags.preVote() ? "on" : "off", raftFlags.checkQuorum() ? "on" : "off",
                readOpts.mode().flag(), readOpts.followerReads() ? ", follower reads" : "",
                readOpts.unsafeReads() ? ", UNSAFE READS" : ""));

        SegmentedLogStorage storage = new SegmentedLogStorage(data,
                SegmentedLogStorage.Options.defaults().withFsync(fsync));
        RealScheduler scheduler = new RealScheduler("raft-timer-" + id, 1);
        // No apply thread: the applier runs where the commit is seen, saving a hand-off per write.
        InlineExecutor applyExecutor = new InlineExecutor();
        AtomicReference<RaftNode> nodeRef = new AtomicReference<>();
        Map<Integer, InetSocketAddress> peerMap = known == null ? Map.of() : members.transportPeers(known);
        // Off the transport's I/O threads: receive() waits on the fsync of what it appends; the
        // requests that queue up meanwhile share the next fsync.
        NodeInbox inbox = NodeInbox.batching("raft-inbox-" + id, m -> {
            RaftNode n = nodeRef.get();
            if (n != null) {
                n.receive(m);
            }
        }, ms -> {
            RaftNode n = nodeRef.get();
            if (n != null) {
                n.receiveAll(ms);
            }
        });
        // Traces validate against a fixed Server set (RaftTrace has no membership changes yet): the --peers count.
        int traceServers = known == null ? 0 : known.voters().size() + known.learners().size();
        TraceFile tracer = trace == null ? null : TraceFile.open(trace, new TraceLines.Header(id, traceServers,
                raftConfig.preVote() || raftConfig.checkQuorum()), System::currentTimeMillis);
        PeerNetwork net = PeerNetwork.open(cluster, id, listen, peerMap, tls, guards.secret(),
                tracer == null ? WireCodec.RAFT : new TracedWire(tracer), inbox);
        // The service calls into the node, so the node is built first; the deliveries its
        // recovery queues (the snapshot, say) wait in the executor until the service exists.
        AtomicReference<KvService> serviceRef = new AtomicReference<>();
        // The transport follows the configuration: members added are dialled and admitted, removed ones
        // refused. On a thread of its own, in order: the listener may be called under the node's lock.
        ExecutorService configThread = Executors.newSingleThreadExecutor(r -> daemon(r, "config-" + id));
        java.util.function.Consumer<Membership> onConfig = m -> configThread.execute(() -> {
            if (!m.voters().isEmpty()) {
                net.setPeers(members.transportPeers(m));
                log.info("configuration: voters " + m.voters() + ", learners " + m.learners());
            }
        });
        RaftNode node = NodeMembers.build(RaftNode.newBuilder().id(id).config(raftConfig).storage(storage)
                .transport(net.transport()).applier(m -> serviceRef.get().apply(m))
                .scheduler(scheduler).applyExecutor(applyExecutor).random(new Random(System.nanoTime() ^ id))
                .tracer(tracer == null ? Tracer.NONE : tracer),
                initial, onConfig);
        nodeRef.set(node);
        KvService service = new KvService(node, snapshotEvery, snapshotBytes(), readOpts, sessionIdle.toMillis(),
                System::currentTimeMillis);
        serviceRef.set(service);
        applyExecutor.open();
        ClientListener listener = new ClientListener(clientAddr, service, stale, guards.clientLimits());

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
            log.info("shutting down");
            watchdog.shutdownNow();
            listener.close();
            service.abandonAll();
            node.kill();
            net.close();
            configThread.shutdownNow();
            inbox.close();
            scheduler.close();
            storage.close();
            closeQuietly(tracer);
            log.info("stopped");
            log.close();
            main.interrupt();
        }, "shutdown"));
        if (members.joining()) {
            // After the hook: a refused join exits 1 and the hook closes what was opened.
            log.info("asking the cluster to add node " + id);
            Membership joined = members.requestAdd(ServerMembers.self(id, listen, clientAddr), known, joinOptions);
            log.info("joined: voters " + joined.voters() + ", learners " + joined.learners());
        }
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            // shutdown hook ran
        }
    }

    /** Mutual TLS settings from --tls-keystore/--tls-truststore, or null when neither is given. */
    TlsSettings tls() {
        if (tlsKeyStore == null && tlsTrustStore == null) {
            return null;
        }
        if (tlsKeyStore == null || tlsTrustStore == null) {
            throw new UsageError("--tls-keystore and --tls-truststore go together");
        }
        String password = System.getenv("RAFT_TLS_PASSWORD");
        if (password == null) {
            throw new UsageError("--tls-keystore/--tls-truststore need the stores' password in RAFT_TLS_PASSWORD");
        }
        for (Path p : List.of(tlsKeyStore, tlsTrustStore)) {
            if (!Files.isReadable(p)) {
                throw new UsageError("TLS store " + p + " is not a readable file");
            }
        }
        return new TlsSettings(tlsKeyStore, password.toCharArray(), tlsTrustStore, password.toCharArray());
    }

    private static void closeQuietly(TraceFile t) {
        if (t != null) {
            try {
                t.close();
            } catch (java.io.IOException e) {
                // stopping anyway; every line written is already in the file
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The Raft peer network of one node: outbound Transport plus its lifecycle. */
    interface PeerNetwork extends AutoCloseable {
        Transport transport();

        /** The configuration's members, as the transport dials and admits them. */
        void setPeers(Map<Integer, InetSocketAddress> peers);

        @Override
        void close();

        static PeerNetwork open(String cluster, int id, InetSocketAddress listen,
                                Map<Integer, InetSocketAddress> peers, TlsSettings tls,
                                raft.transport.ClusterSecret secret, WireCodec codec,
                                java.util.function.Consumer<Message> inbound) throws Exception {
            TransportConfig config = TransportConfig.of(cluster, id, listen, peers).withSecret(secret);
            if (tls != null) {
                config = config.withTls(tls);
            }
            NettyTransport t = new NettyTransport(config, codec, inbound).start();
            return new PeerNetwork() {
                @Override
                public Transport transport() {
                    return t;
                }

                @Override
                public void setPeers(Map<Integer, InetSocketAddress> peers) {
                    t.setPeers(peers);
                }

                @Override
                public void close() {
                    t.close();
                }
            };
        }
    }
}
