package raft.cli;

import raft.lab.Commands;
import raft.lab.LabConfig;
import raft.lab.LabFailure;
import raft.node.Replica;
import raft.lab.PeerFactory;
import raft.lab.VirtualClock;
import raft.core.StartResult;
import raft.node.TermState;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import raft.command.Cli;
import raft.command.HelpOption;
import raft.command.UsageError;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;

/**
 * The main job: a simulated cluster under an unreliable network with crashes and partitions,
 * in virtual time, for a given duration and seed. Prints elections, commit progress and
 * faults as they happen, then a summary. The lab harness's appliers check every apply, so a
 * safety violation (two values at one index, an out-of-order apply) ends the run with exit 1.
 */
@Command(name = "sim", sortOptions = false,
        description = "A simulated Raft cluster in virtual time: unreliable network, crashes, partitions.")
public final class SimMain implements Callable<Integer> {

    record Options(int nodes, long durationMillis, long seed, boolean reliable, double crashRate,
                   double partitionRate, long faultEveryMillis, boolean quiet) {}

    @Mixin
    HelpOption help;
    @Option(names = "--nodes", defaultValue = "5", description = "cluster size, 3..9 (default ${DEFAULT-VALUE})")
    int nodes;
    @Option(names = "--duration", defaultValue = "60s", description = "virtual duration: 90s, 5m, 1500ms (default ${DEFAULT-VALUE})")
    Duration duration;
    @Option(names = "--seed", defaultValue = "1", description = "seed of every random choice (default ${DEFAULT-VALUE}); a seed replays exactly")
    long seed;
    @Option(names = "--reliable", description = "no message loss or delay (faults still happen)")
    boolean reliable;
    @Option(names = "--crash-rate", defaultValue = "0.3", paramLabel = "P",
            description = "chance per fault step to crash a live node (default ${DEFAULT-VALUE})")
    double crashRate;
    @Option(names = "--partition-rate", defaultValue = "0.3", paramLabel = "P",
            description = "chance per fault step to partition the cluster (default ${DEFAULT-VALUE})")
    double partitionRate;
    @Option(names = "--fault-every", defaultValue = "2s", description = "virtual time between fault steps (default ${DEFAULT-VALUE})")
    Duration faultEvery;
    @Option(names = "--quiet", description = "only the summary")
    boolean quiet;

    public static void main(String[] args) {
        Cli.exit(new SimMain(), args);
    }

    @Override
    public Integer call() {
        return run(options(), System.out, PeerFactory.RAFT_NODE) ? 0 : 1;
    }

    /** The parsed options, checked. */
    Options options() {
        Cli.between("--nodes", nodes, 3, 9);
        if (duration.isZero()) {
            throw new UsageError("--duration must be positive");
        }
        if (faultEvery.toMillis() < 100) {
            throw new UsageError("--fault-every must be at least 100ms");
        }
        return new Options(nodes, duration.toMillis(), seed, reliable, rate("--crash-rate", crashRate),
                rate("--partition-rate", partitionRate), faultEvery.toMillis(), quiet);
    }

    private static double rate(String option, double x) {
        if (!(x >= 0 && x <= 1)) {
            throw new UsageError(option + " must be within 0..1, got " + x);
        }
        return x;
    }

    /** What a run measured. */
    record Summary(boolean ok, String verdict, long virtualMillis, double wallSeconds, double cpuSeconds,
                   long events, long elections, long maxTerm, long commits, long confirmed, long crashes,
                   long restarts, long partitions, long heals, long requests, long bytes, long delivered,
                   long lost, int maxRaftStateBytes, String digest) {}

    /** Runs the simulation; true when every check held and the healed cluster agreed at the end. */
    static boolean run(Options o, PrintStream out, PeerFactory factory) {
        out.printf("sim: %d nodes, %s network, %.1f s virtual, seed %d%n", o.nodes(),
                o.reliable() ? "reliable" : "unreliable", o.durationMillis() / 1000.0, o.seed());
        Summary s = simulate(o, o.quiet() ? new PrintStream(OutputStream.nullOutputStream()) : out, factory);
        out.println("---- summary ----");
        out.printf("virtual time     %.1f s (wall %.2f s, cpu %.2f s)%n", s.virtualMillis() / 1000.0,
                s.wallSeconds(), s.cpuSeconds());
        out.printf("elections        %d new leaders, highest term %d%n", s.elections(), s.maxTerm());
        out.printf("commits          %d entries applied (highest index), %d client commands confirmed%n",
                s.commits(), s.confirmed());
        out.printf("faults           %d crashes, %d restarts, %d partitions, %d heals%n", s.crashes(),
                s.restarts(), s.partitions(), s.heals());
        out.printf("network          %d requests, %d bytes, %d delivered, %d lost%n", s.requests(), s.bytes(),
                s.delivered(), s.lost());
        out.printf("persisted state  %d bytes at most per node at the end (log compacted every 10 entries)%n",
                s.maxRaftStateBytes());
        out.printf("simulator        %d events, %.0f events per cpu second%n", s.events(),
                s.cpuSeconds() > 0 ? s.events() / s.cpuSeconds() : 0.0);
        out.printf("trace digest     %s%n", s.digest());
        out.printf("verdict          %s%s%n", s.verdict(), s.ok() ? "" : "  (replay: sim --seed " + o.seed() + ")");
        return s.ok();
    }

    static Summary simulate(Options o, PrintStream progress, PeerFactory factory) {
        long w0 = System.nanoTime();
        long cpu0 = cpuNanos();
        VirtualClock clock = new VirtualClock(o.seed());
        PrintStream quietOut = new PrintStream(OutputStream.nullOutputStream());
        LabConfig cfg = null;
        Stats st = new Stats();
        boolean ok = true;
        String verdict = "ok";
        try {
            // the lab's snapshot applier (a snapshot every 10 entries, strict in-order checks), with
            // single-value snapshots so the state stays small however long the run
            cfg = new LabConfig(clock, factory, quietOut, o.nodes(), !o.reliable(), true);
            cfg.setCompactSnapshots(true);
            new Chaos(cfg, o, st, progress).run();
            // heal everything and demand agreement of all nodes on one more command
            for (int i = 0; i < o.nodes(); i++) {
                if (cfg.raft(i) == null) {
                    cfg.start1(i);
                }
                cfg.connect(i);
            }
            cfg.setUnreliable(false);
            st.finalIndex = cfg.one(cfg.rand(), o.nodes(), true);
        } catch (LabFailure e) {
            ok = false;
            verdict = "FAILED: " + e.getMessage();
        } catch (RuntimeException e) {
            ok = false;
            verdict = "FAILED: " + e;
        } finally {
            if (cfg != null) {
                cfg.cleanup();
            }
            clock.close();
        }
        double wall = (System.nanoTime() - w0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        return new Summary(ok, verdict, clock.nowMillis(), wall, cpu, clock.eventsExecuted(), st.elections,
                st.maxTerm, cfg == null ? 0 : cfg.maxIndex(), st.confirmed, st.crashes, st.restarts,
                st.partitions, st.heals, cfg == null ? 0 : cfg.rpcTotal(), cfg == null ? 0 : cfg.bytesTotal(),
                cfg == null ? 0 : cfg.net().delivered(), cfg == null ? 0 : cfg.net().dropped(),
                cfg == null ? 0 : cfg.logSize(), clock.digest());
    }

    static long cpuNanos() {
        java.lang.management.ThreadMXBean b = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long id : b.getAllThreadIds()) {
            long t = b.getThreadCpuTime(id);
            if (t > 0) {
                total += t;
            }
        }
        return total;
    }

    static final class Stats {
        long elections;
        long maxTerm;
        long crashes;
        long restarts;
        long partitions;
        long heals;
        long confirmed;
        long finalIndex;
    }

    /** The fault schedule and a client, on the main fiber. */
    private static final class Chaos {
        private final LabConfig cfg;
        private final Options o;
        private final Stats st;
        private final PrintStream out;
        private final RandomGenerator rnd;
        private final long[] lastLeaderTerm;
        private long lastProgress;
        private long lastReportedIndex;

        Chaos(LabConfig cfg, Options o, Stats st, PrintStream out) {
            this.cfg = cfg;
            this.o = o;
            this.st = st;
            this.out = out;
            this.rnd = cfg.clock().random();
            this.lastLeaderTerm = new long[o.nodes()];
        }

        void run() {
            long end = o.durationMillis();
            long nextFault = o.faultEveryMillis();
            while (cfg.clock().nowMillis() < end) {
                client();
                observe();
                if (cfg.clock().nowMillis() >= nextFault) {
                    fault();
                    nextFault += o.faultEveryMillis();
                }
                if (cfg.clock().nowMillis() - lastProgress >= 5000) {
                    progress();
                }
            }
            progress();
        }

        private void log(String fmt, Object... args) {
            out.printf("t=%7.3fs  %s%n", cfg.clock().nowMillis() / 1000.0, String.format(fmt, args));
        }

        /** Offers a command to every live node and waits briefly for it to be applied. */
        private void client() {
            long x = cfg.rand();
            long index = -1;
            for (int i = 0; i < o.nodes(); i++) {
                Replica p = cfg.raft(i);
                if (p != null) {
                    StartResult r = p.start(Commands.encode(x));
                    if (r.isLeader()) {
                        index = r.index();
                    }
                }
            }
            if (index < 0) {
                cfg.sleep(50);
                return;
            }
            for (int k = 0; k < 10; k++) {
                cfg.sleep(20);
                LabConfig.Committed c = cfg.nCommitted(index);
                if (c.count() > 0) {
                    if (Long.valueOf(x).equals(c.value())) {
                        st.confirmed++;
                    }
                    return;
                }
            }
        }

        private void observe() {
            for (int i = 0; i < o.nodes(); i++) {
                Replica p = cfg.raft(i);
                if (p == null) {
                    continue;
                }
                TermState s = p.state();
                st.maxTerm = Math.max(st.maxTerm, s.term());
                if (s.isLeader() && lastLeaderTerm[i] != s.term()) {
                    lastLeaderTerm[i] = s.term();
                    st.elections++;
                    log("election   node %d leads term %d", i, s.term());
                }
            }
        }

        private void fault() {
            int n = o.nodes();
            double r = rnd.nextDouble();
            if (r < o.crashRate()) {
                int i = rnd.nextInt(n);
                if (cfg.raft(i) != null && liveCount() > 1) {
                    cfg.crash1(i);
                    st.crashes++;
                    log("crash      node %d", i);
                    return;
                }
            }
            r = rnd.nextDouble();
            if (r < o.partitionRate()) {
                List<Integer> minority = new ArrayList<>();
                int size = 1 + rnd.nextInt(n / 2);
                while (minority.size() < size) {
                    int i = rnd.nextInt(n);
                    if (!minority.contains(i)) {
                        minority.add(i);
                    }
                }
                for (int i = 0; i < n; i++) {
                    cfg.disconnect(i);
                }
                // two sides; the harness's connect links a node to every connected node,
                // so connect the majority side first, then wire the minority among itself
                for (int i = 0; i < n; i++) {
                    if (!minority.contains(i)) {
                        cfg.connect(i);
                    }
                }
                st.partitions++;
                log("partition  %s cut off", minority);
                return;
            }
            // otherwise heal: restart a crashed node or reconnect everyone
            for (int i = 0; i < n; i++) {
                if (cfg.raft(i) == null) {
                    cfg.start1(i);
                    cfg.connect(i);
                    st.restarts++;
                    log("restart    node %d", i);
                    return;
                }
            }
            boolean healed = false;
            for (int i = 0; i < n; i++) {
                if (!cfg.connected(i)) {
                    cfg.connect(i);
                    healed = true;
                }
            }
            if (healed) {
                st.heals++;
                log("heal       all nodes connected");
            }
        }

        private int liveCount() {
            int c = 0;
            for (int i = 0; i < o.nodes(); i++) {
                if (cfg.raft(i) != null) {
                    c++;
                }
            }
            return c;
        }

        private void progress() {
            lastProgress = cfg.clock().nowMillis();
            long idx = cfg.maxIndex();
            log("progress   %d entries applied (+%d), %d requests sent", idx, idx - lastReportedIndex, cfg.rpcTotal());
            lastReportedIndex = idx;
        }
    }
}
