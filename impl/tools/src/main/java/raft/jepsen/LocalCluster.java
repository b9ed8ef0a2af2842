package raft.jepsen;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Server processes on loopback, each in its own JVM with its own data directory.
 * Node i reaches node j through the proxy (i, j), so links can be cut one by one.
 * Processes are killed with SIGKILL, paused with SIGSTOP and resumed with SIGCONT.
 * Nodes 0..nodes-1 start with --peers; the spare slots after them (ids never used before) are
 * for nodes that join a running cluster ({@link #join}). Every node's configuration names the
 * others' real Raft ports; --route sends its dialling through its own proxies.
 */
public final class LocalCluster implements AutoCloseable {

    /**
     * direct: peers connect straight to each other, no proxies (for benchmarks: no partitions, no relay cost).
     * Members always prove their ids: with a generated cluster secret, and with tls also with per-node
     * certificates (generated too).
     */
    public record Settings(int nodes, Path dir, boolean fsync, boolean staleReads, long snapshotEvery,
                    List<String> jvmArgs, boolean direct, boolean tls, List<String> serverArgs, int spares) {
        public Settings(int nodes, Path dir, boolean fsync, boolean staleReads, long snapshotEvery, List<String> jvmArgs,
                        boolean direct, boolean tls, List<String> serverArgs) {
            this(nodes, dir, fsync, staleReads, snapshotEvery, jvmArgs, direct, tls, serverArgs, 0);
        }

        public Settings(int nodes, Path dir, boolean fsync, boolean staleReads, long snapshotEvery, List<String> jvmArgs,
                 boolean direct) {
            this(nodes, dir, fsync, staleReads, snapshotEvery, jvmArgs, direct, false, List.of());
        }
    }

    static final String CLUSTER = "kv";
    private static final String TLS_PASSWORD = "local-cluster";

    private final Settings settings;
    private final int[] raftPorts, clientPorts;
    private final LinkProxy[][] proxies;
    private final Process[] procs;
    private final boolean[] paused;
    /** Slots in the configuration, as far as the harness knows: started with --peers, or joined and not removed. */
    private final List<Integer> members = new ArrayList<>();
    /** Slots whose first start (with --join) is over: restarts go without --join (their data has the configuration). */
    private final boolean[] joined;

    private final Thread cleanup = new Thread(this::destroyAll, "cluster-cleanup");

    public LocalCluster(Settings settings) throws IOException {
        this.settings = settings;
        Runtime.getRuntime().addShutdownHook(cleanup);   // Ctrl-C during a run leaves no server behind
        int n = settings.nodes() + settings.spares();
        raftPorts = freePorts(n);
        clientPorts = freePorts(n);
        proxies = new LinkProxy[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j && !settings.direct()) {
                    proxies[i][j] = new LinkProxy(i, j, loopback(raftPorts[j]));
                }
            }
        }
        procs = new Process[n];
        paused = new boolean[n];
        joined = new boolean[n];
        for (int i = 0; i < settings.nodes(); i++) {
            members.add(i);
        }
        Files.createDirectories(settings.dir());
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        Files.writeString(secretFile(), java.util.HexFormat.of().formatHex(secret));
        if (settings.tls()) {
            try {
                raft.transport.LocalCertificates.writeClusterStores(tlsDir(), CLUSTER, n, TLS_PASSWORD.toCharArray());
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException("cannot make the cluster's TLS certificates: " + e.getMessage(), e);
            }
        }
    }

    Path secretFile() {
        return settings.dir().resolve("cluster-secret");
    }

    private Path tlsDir() {
        return settings.dir().resolve("tls");
    }

    /** The flags that make node i prove its identity: the secret, and its certificate when the run uses TLS. */
    List<String> identityFlags(int i) {
        List<String> out = new ArrayList<>(List.of("--cluster", CLUSTER, "--cluster-secret-file", secretFile().toString()));
        if (settings.tls()) {
            out.addAll(List.of("--tls-keystore", raft.transport.LocalCertificates.keyStore(tlsDir(), i).toString(),
                    "--tls-truststore", raft.transport.LocalCertificates.trustStore(tlsDir()).toString()));
        }
        return out;
    }

    int raftPort(int i) {
        return raftPorts[i];
    }

    /** Slots, spares included: indices into clientAddresses(). */
    public int size() {
        return procs.length;
    }

    /** The slots currently in the configuration (as the harness changed it). */
    synchronized List<Integer> members() {
        return List.copyOf(members);
    }

    /** The next never-used spare slot, or -1. */
    synchronized int freeSpare() {
        for (int i = settings.nodes(); i < procs.length; i++) {
            if (procs[i] == null) {
                return i;
            }
        }
        return -1;
    }

    /** Starts spare slot i with --join through a member's client port; the process serves once added. */
    synchronized void join(int i, int via) throws IOException {
        joinVia = via;
        members.add(i);
        start(i);
    }

    /** Slot i's join is settled: true it is a member (restarts without --join), false it is not. */
    synchronized void joinSettled(int i, boolean member) {
        joined[i] = member;
        if (!member) {
            members.remove(Integer.valueOf(i));
        }
    }

    /** Slot i left the configuration: stopped for good. */
    synchronized void removed(int i) throws InterruptedException {
        members.remove(Integer.valueOf(i));
        kill(i);
    }

    private int joinVia;

    public List<InetSocketAddress> clientAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (int p : clientPorts) {
            out.add(loopback(p));
        }
        return out;
    }

    Path nodeDir(int i) {
        return settings.dir().resolve("n" + i);
    }

    public void startAll() throws IOException {
        for (int i = 0; i < settings.nodes(); i++) {
            start(i);
        }
    }

    synchronized void start(int i) throws IOException {
        if (procs[i] != null && procs[i].isAlive()) {
            return;
        }
        Path dir = nodeDir(i);
        Files.createDirectories(dir);
        procs[i] = launch(i, dir, raftPorts[i], clientPorts[i], List.of());
        paused[i] = false;
    }

    /**
     * One more server process claiming to be node i (a probe: an impostor, a duplicate), with its own
     * directory and ports and extra flags; the caller owns the process.
     */
    Process startExtra(int i, Path dir, List<String> extraArgs) throws IOException {
        Files.createDirectories(dir);
        int[] ports = freePorts(2);
        return launch(i, dir, ports[0], ports[1], extraArgs);
    }

    /** Flags added to every server started from now on (a probe's limits, say). */
    synchronized void setExtraArgs(List<String> args) {
        extraArgs = List.copyOf(args);
    }

    private List<String> extraArgs = List.of();

    private Process launch(int i, Path dir, int raftPort, int clientPort, List<String> extra) throws IOException {
        List<String> mode = new ArrayList<>();
        if (i < settings.nodes()) {
            StringBuilder peers = new StringBuilder();
            StringBuilder clients = new StringBuilder();
            for (int j = 0; j < settings.nodes(); j++) {
                String sep = j > 0 ? "," : "";
                peers.append(sep).append("127.0.0.1:").append(j == i ? raftPort : raftPorts[j]);
                clients.append(sep).append("127.0.0.1:").append(j == i ? clientPort : clientPorts[j]);
            }
            mode.addAll(List.of("--peers", peers.toString(), "--clients", clients.toString()));
        } else if (!joined[i]) {
            mode.addAll(List.of("--join", "127.0.0.1:" + clientPorts[joinVia]));
        }
        if (!settings.direct()) {
            StringBuilder routes = new StringBuilder();
            for (int j = 0; j < procs.length; j++) {
                if (j != i) {
                    routes.append(routes.length() > 0 ? "," : "").append("127.0.0.1:").append(raftPorts[j])
                            .append("=127.0.0.1:").append(proxies[i][j].port());
                }
            }
            mode.addAll(List.of("--route", routes.toString()));
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(settings.jvmArgs());
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add("raft.cli.ServerMain");
        cmd.addAll(List.of("--id", String.valueOf(i)));
        cmd.addAll(mode);
        cmd.addAll(List.of("--listen", "127.0.0.1:" + raftPort, "--client", "127.0.0.1:" + clientPort,
                "--data", dir.resolve("data").toString(), "--log", dir.resolve("server.log").toString(),
                "--fsync", settings.fsync() ? "on" : "off",
                "--snapshot-every", String.valueOf(settings.snapshotEvery())));
        cmd.addAll(identityFlags(i));
        cmd.addAll(extraArgs);
        cmd.addAll(extra);
        if (settings.staleReads()) {
            cmd.add("--stale-reads");
        }
        cmd.addAll(settings.serverArgs());
        // Servers exit if the harness dies without cleaning up (kill -9, a crashed test JVM).
        cmd.addAll(List.of("--exit-with", String.valueOf(ProcessHandle.current().pid())));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()));
        pb.environment().put("RAFT_TLS_PASSWORD", TLS_PASSWORD);
        return pb.start();
    }

    /** The last process started as node i (null before the first start). */
    synchronized Process process(int i) {
        return procs[i];
    }

    /** SIGKILL, then wait for the process to be gone. */
    synchronized void kill(int i) throws InterruptedException {
        Process p = procs[i];
        if (p == null) {
            return;
        }
        if (paused[i]) {
            signal(p, "CONT");
            paused[i] = false;
        }
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    synchronized void pause(int i) {
        if (procs[i] != null && procs[i].isAlive() && !paused[i]) {
            signal(procs[i], "STOP");
            paused[i] = true;
        }
    }

    synchronized void resume(int i) {
        if (procs[i] != null && paused[i]) {
            signal(procs[i], "CONT");
            paused[i] = false;
        }
    }

    boolean alive(int i) {
        return procs[i] != null && procs[i].isAlive();
    }

    /** Cuts every link between the two sides, in both directions. */
    void partition(List<Integer> side) {
        for (int i = 0; i < procs.length; i++) {
            for (int j = 0; j < procs.length; j++) {
                if (proxies[i][j] != null) {
                    proxies[i][j].setCut(side.contains(i) != side.contains(j));
                }
            }
        }
    }

    void heal() {
        for (LinkProxy[] row : proxies) {
            for (LinkProxy p : row) {
                if (p != null) {
                    p.setCut(false);
                }
            }
        }
    }

    private void destroyAll() {
        for (Process p : procs) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    /** SIGTERM to every server, then SIGKILL to any that has not exited within the grace period. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
        for (int i = 0; i < procs.length; i++) {
            if (procs[i] != null) {
                resume(i);
                procs[i].destroy();
            }
        }
        for (Process p : procs) {
            if (p == null) {
                continue;
            }
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (LinkProxy[] row : proxies) {
            for (LinkProxy p : row) {
                if (p != null) {
                    p.close();
                }
            }
        }
    }

    private static void signal(Process p, String sig) {
        try {
            new ProcessBuilder("kill", "-" + sig, String.valueOf(p.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + sig + " to " + p.pid() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Under surefire java.class.path may be a manifest-only jar; surefire publishes the real one. */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /**
     * n loopback ports free now, chosen below the kernel's ephemeral range when there is room: a
     * port is picked here but bound only when its server starts (a spare slot's much later, a
     * killed server's again after its restart), and an ephemeral port in between could be handed
     * to one of the many outbound connections the proxies make: the server then cannot bind it
     * (CI saw "Address already in use" at a start). Ports below the range are never handed out so.
     */
    static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    static int[] freePorts(int n) throws IOException {
        int below = ephemeralLow() - 1;
        int lo = 10_000;
        if (below - lo < 50 * n) {
            return kernelPorts(n);   // no room below the range: let the kernel pick, as before
        }
        int[] ports = new int[n];
        int found = 0;
        int span = below - lo + 1;
        int start = lo + java.util.concurrent.ThreadLocalRandom.current().nextInt(span);
        for (int k = 0; k < span && found < n; k++) {
            int port = lo + (start - lo + k) % span;
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                ports[found++] = s.getLocalPort();
            } catch (IOException taken) {
                // in use: try the next one
            }
        }
        return found == n ? ports : kernelPorts(n);
    }

    /** The low end of the kernel's ephemeral port range (Linux; 32768 elsewhere). */
    static int ephemeralLow() {
        // Not Files.readString: /proc files report size 0, and it returned only "3" of "32768\t60999".
        try (var in = Files.newBufferedReader(RANGE)) {
            return Integer.parseInt(in.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    private static int[] kernelPorts(int n) throws IOException {
        ServerSocket[] ss = new ServerSocket[n];
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                ss[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = ss[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : ss) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return ports;
    }
}
