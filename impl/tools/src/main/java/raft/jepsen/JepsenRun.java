package raft.jepsen;

import raft.kv.KvClient;
import raft.kv.ReadMode;
import raft.kv.ReadOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One Jepsen-style run: a local cluster, concurrent clients, a nemesis, then the
 * history checked for linearizability and a report written.
 */
public final class JepsenRun {

    public record Options(int nodes, long timeMillis, String workload, int keys, int concurrency, double rate,
                          Set<String> faults, long quietMillis, long faultMillis, boolean staleReads,
                          boolean fsync, long seed, Path out, long checkLimitMillis, long snapshotEvery,
                          long opTimeoutMillis, boolean tls, boolean preVote, boolean checkQuorum,
                          ReadOptions reads, boolean trace) {
        /** Without traces. */
        public Options(int nodes, long timeMillis, String workload, int keys, int concurrency, double rate,
                       Set<String> faults, long quietMillis, long faultMillis, boolean staleReads, boolean fsync,
                       long seed, Path out, long checkLimitMillis, long snapshotEvery, long opTimeoutMillis,
                       boolean tls, boolean preVote, boolean checkQuorum, ReadOptions reads) {
            this(nodes, timeMillis, workload, keys, concurrency, rate, faults, quietMillis, faultMillis, staleReads,
                    fsync, seed, out, checkLimitMillis, snapshotEvery, opTimeoutMillis, tls, preVote, checkQuorum,
                    reads, false);
        }

        /** With the server's defaults: no TLS, pre-vote and check-quorum on, reads at a read index. */
        public Options(int nodes, long timeMillis, String workload, int keys, int concurrency, double rate,
                       Set<String> faults, long quietMillis, long faultMillis, boolean staleReads, boolean fsync,
                       long seed, Path out, long checkLimitMillis, long snapshotEvery, long opTimeoutMillis) {
            this(nodes, timeMillis, workload, keys, concurrency, rate, faults, quietMillis, faultMillis, staleReads,
                    fsync, seed, out, checkLimitMillis, snapshotEvery, opTimeoutMillis, false, true, true,
                    new ReadOptions(ReadMode.READ_INDEX, false, false));
        }

        /** The servers' read options as command-line arguments. */
        List<String> readArgs() {
            List<String> a = new ArrayList<>(List.of("--read-mode", reads.mode().flag()));
            if (reads.followerReads()) {
                a.add("--follower-reads");
            }
            if (reads.unsafeReads()) {
                a.add("--unsafe-reads");
            }
            return a;
        }
    }

    /** valid is "true", "false" or "unknown", as the checker says. */
    public record Outcome(String valid, Path dir, int ops, int ok, int info, int fail, long millis,
                          int leaderChanges, long highestTerm) {}


    /** Small heaps and the serial collector: up to five servers share a small machine with the harness. */
    static final List<String> SERVER_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Options o;
    private final PrintStream log;

    static final int SPARE_SLOTS = 8;

    public JepsenRun(Options options, PrintStream log) {
        this.o = options;
        this.log = log;
    }

    public Outcome run() throws Exception {
        long began = System.nanoTime();
        Path dir = o.out();
        Files.createDirectories(dir);
        Random random = new Random(o.seed());
        Workload workload = Workload.named(o.workload(), o.keys());
        log.printf("jepsen: %d nodes, %s workload, %d clients at %.0f ops/s for %d s, faults %s%s; pre-vote %s,"
                        + " check-quorum %s; reads %s; seed %d; output %s%n",
                o.nodes(), workload.model(), o.concurrency(), o.rate(), o.timeMillis() / 1000, o.faults(),
                o.staleReads() ? ", STALE READS (not linearizable)" : "", o.preVote() ? "on" : "off",
                o.checkQuorum() ? "on" : "off", String.join(" ", o.readArgs()), o.seed(), dir);
        History history = null;
        List<Nemesis.Interval> intervals;
        List<String> serverArgs = new ArrayList<>(List.of("--pre-vote", o.preVote() ? "on" : "off",
                "--check-quorum", o.checkQuorum() ? "on" : "off"));
        serverArgs.addAll(o.readArgs());
        // Spare slots for the nodes the membership nemesis adds: about one add per three faults.
        int spares = o.faults().contains("membership") ? SPARE_SLOTS : 0;
        if (o.trace()) {
            // One directory for all: each server appends to node-ID.trace in it (ServerMain --trace).
            Path traces = Files.createDirectories(dir.resolve("trace"));
            serverArgs.addAll(List.of("--trace", traces.toString()));
        }
        var settings = new LocalCluster.Settings(o.nodes(), dir, o.fsync(), o.staleReads(), o.snapshotEvery(),
                SERVER_JVM, false, o.tls(), serverArgs, spares);
        try (LocalCluster cluster = new LocalCluster(settings)) {
            cluster.startAll();
            KvClient.Options copts = new KvClient.Options(Math.min(1000, o.opTimeoutMillis()), o.opTimeoutMillis(),
                    o.staleReads(), o.reads().followerReads());
            try (KvClient client = new KvClient(cluster.clientAddresses(), copts)) {
                awaitLeader(client, cluster);
                workload.setup(client.session());
                log.printf("cluster up after %.1f s%n", (System.nanoTime() - began) / 1e9);
                history = new History();   // time 0 of the history is the start of the workload

                Nemesis nemesis = new Nemesis(cluster, history, o.faults(), o.quietMillis(), o.faultMillis(),
                        new Random(random.nextLong()), log::println);
                nemesis.setTransferer(target -> transfer(client, cluster.size(), target));
                nemesis.setLeaderFinder(() -> leader(client, cluster.size()));
                nemesis.setReconfigure(new Reconfigure(cluster, Math.max(5000, o.opTimeoutMillis()), 30_000));
                Thread nt = new Thread(nemesis, "nemesis");
                long end = System.nanoTime() + o.timeMillis() * 1_000_000L;
                List<Thread> workers = new ArrayList<>();
                for (int w = 0; w < o.concurrency(); w++) {
                    Worker worker = new Worker(w, o.concurrency(), client, workload, history,
                            new Random(random.nextLong()), o.rate() / o.concurrency(), end);
                    Thread t = new Thread(worker, "client-" + w);
                    workers.add(t);
                }
                nemesis.endAt(end);
                nt.start();
                workers.forEach(Thread::start);
                Thread progress = progressPrinter(history, end);
                for (Thread t : workers) {
                    t.join();
                }
                nemesis.stop();
                nt.interrupt();
                nt.join();
                progress.interrupt();
                intervals = nemesis.intervals();
            }
        }
        Path edn = dir.resolve("history.edn");
        history.writeEdn(edn);
        List<History.Op> ops = history.ops();
        int ok = 0, info = 0, fail = 0, total = 0;
        for (History.Op op : ops) {
            if (!op.client()) {
                continue;
            }
            switch (op.type()) {
                case "invoke" -> total++;
                case "ok" -> ok++;
                case "info" -> info++;
                case "fail" -> fail++;
                default -> { }
            }
        }
        log.printf("history: %d ops (%d ok, %d fail, %d info) -> %s%n", total, ok, fail, info, edn);
        log.println("checking linearizability (" + workload.model() + ") ...");
        Checker.Verdict v = Checker.check(edn, workload.model(), workload.init(), dir.resolve("timeline.html"),
                o.checkLimitMillis());
        Files.writeString(dir.resolve("results.edn"), v.resultEdn());
        List<Path> serverLogs = new ArrayList<>();
        for (int i = 0; i < o.nodes() + spares; i++) {
            Path serverLog = dir.resolve("n" + i).resolve("server.log");
            if (i < o.nodes() || Files.exists(serverLog)) {
                serverLogs.add(serverLog);
            }
        }
        LeaderStats leaders = LeaderStats.read(serverLogs);
        log.printf("elections: %s%n", leaders.summary());
        Path report = dir.resolve("report.html");
        Report.write(report, o, ops, intervals, v, leaders);
        long millis = (System.nanoTime() - began) / 1_000_000L;
        log.printf("report: %s%n", report);
        if ("false".equals(v.valid())) {
            log.printf("timeline of the failure: %s%n", dir.resolve("timeline.html"));
        }
        log.printf("verdict: %s (%s), run took %.1f s%n", verdictWord(v.valid()), v.summary(), millis / 1000.0);
        return new Outcome(v.valid(), dir, total, ok, info, fail, millis, leaders.leaderChanges(),
                leaders.highestTermOverall());
    }

    /** The transfer nemesis: the leader (the others answer "not leader") hands over to target. */
    private static String transfer(KvClient client, int nodes, int target) throws Exception {
        for (int i = 0; i < nodes; i++) {
            KvClient.Response r = client.transferLeadership(i, target).get();
            if (r.outcome() == KvClient.Outcome.OK) {
                return i == target ? "(already leader)" : "done (from n" + i + ")";
            }
            if (r.outcome() == KvClient.Outcome.FAIL && !"not leader".equals(r.error())) {
                return "failed";
            }
        }
        return "no leader";
    }

    /** The node that says it leads (the first found), or -1. */
    private static int leader(KvClient client, int nodes) {
        for (int i = 0; i < nodes; i++) {
            try {
                if (client.status(i).get(1, TimeUnit.SECONDS).leader()) {
                    return i;
                }
            } catch (Exception e) {
                // down or paused: not the one
            }
        }
        return -1;
    }

    static String verdictWord(String valid) {
        return switch (valid) {
            case "true" -> "LINEARIZABLE";
            case "false" -> "NOT LINEARIZABLE";
            default -> "UNKNOWN";
        };
    }

    private void awaitLeader(KvClient client, LocalCluster cluster) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < cluster.size(); i++) {
                try {
                    if (client.status(i).get().leader()) {
                        return;
                    }
                } catch (Exception e) {
                    // not up yet
                }
            }
            for (int i : cluster.members()) {
                if (!cluster.alive(i)) {
                    throw new IllegalStateException("server n" + i + " exited at startup; see "
                            + cluster.nodeDir(i).resolve("stdout.log"));
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no leader elected within 60 s; see the logs under " + o.out());
    }

    private Thread progressPrinter(History history, long end) {
        Thread t = new Thread(() -> {
            try {
                while (System.nanoTime() < end) {
                    Thread.sleep(10_000);
                    long ok = history.ops().stream().filter(op -> op.client() && op.type().equals("ok")).count();
                    log.printf("%6.1f s  %d ops ok so far%n", history.now() / 1e9, ok);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static Path defaultOut() {
        return Path.of("out", "jepsen", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** One client process: invokes operations one at a time, at its share of the rate. */
    private static final class Worker implements Runnable {
        private final int concurrency;
        private final KvClient client;
        private final Workload workload;
        private final History history;
        private final Random random;
        private final double rate;
        private final long end;
        private int process;

        Worker(int process, int concurrency, KvClient client, Workload workload, History history, Random random,
               double rate, long end) {
            this.process = process;
            this.concurrency = concurrency;
            this.client = client;
            this.workload = workload;
            this.history = history;
            this.random = random;
            this.rate = rate;
            this.end = end;
        }

        @Override
        public void run() {
            KvClient.Session session = client.session();
            try {
                while (System.nanoTime() < end) {
                    Workload.Invocation inv = workload.next(random);
                    history.add("invoke", process, inv.f(), inv.value(), null);
                    Workload.Completion c = inv.run(session).get();
                    history.add(c.type(), process, inv.f(), c.value(), c.error());
                    if (c.type().equals("info")) {
                        // Jepsen's rule: a process with an operation of unknown outcome never invokes again.
                        process += concurrency;
                        session = client.session();
                    }
                    if (rate > 0) {
                        // Exponential gaps: a Poisson stream at this client's share of the rate.
                        long gap = (long) (-Math.log(1 - random.nextDouble()) / rate * 1000);
                        Thread.sleep(Math.min(gap, 2000));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException("client " + process + " failed", e);
            }
        }
    }
}
