package raft.cli;

import raft.node.Replica;
import raft.lab.Commands;
import raft.lab.LabConfig;
import raft.lab.LabFailure;
import raft.lab.PeerFactory;
import raft.lab.VirtualClock;
import raft.core.StartResult;
import raft.node.TermState;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import static raft.cli.Args.number;
import static raft.cli.Args.value;

/**
 * The main job: a simulated cluster under an unreliable network with crashes and partitions,
 * in virtual time, for a given duration and seed. Prints elections, commit progress and
 * faults as they happen, then a summary. The lab harness's appliers check every apply, so a
 * safety violation (two values at one index, an out-of-order apply) ends the run with exit 1.
 */
public final class SimMain {

    record Options(int nodes, long durationMillis, long seed, boolean reliable, double crashRate,
                   double partitionRate, long faultEveryMillis, boolean quiet) {}

    private SimMain() {
    }

    public static void main(String[] args) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sim: " + e.getMessage());
            System.err.println("run 'sim --help' for the options");
            System.exit(2);
            return;
        }
        if (o == null) {
            return;
        }
        System.exit(run(o, System.out, PeerFactory.RAFT_NODE) ? 0 : 1);
    }

    static void help(PrintStream out) {
        out.println("""
                usage: sim [options]
                  A simulated Raft cluster in virtual time: unreliable network, crashes, partitions.
                  --nodes N            cluster size (default 5, 3..9)
                  --duration D         virtual duration: 90s, 5m, 1500ms (default 60s)
                  --seed S             seed of every random choice (default 1); a seed replays exactly
                  --reliable           no message loss or delay (faults still happen)
                  --crash-rate P       chance per fault step to crash a live node (default 0.3)
                  --partition-rate P   chance per fault step to partition the cluster (default 0.3)
                  --fault-every D      virtual time between fault steps (default 2s)
                  --quiet              only the summary
                  --help               this text""");
    }

    static Options parse(String[] args) {
        int nodes = 5;
        long duration = 60_000;
        long seed = 1;
        boolean reliable = false;
        double crash = 0.3;
        double partition = 0.3;
        long every = 2000;
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    help(System.out);
                    return null;
                }
                case "--reliable" -> reliable = true;
                case "--quiet" -> quiet = true;
                case "--nodes" -> nodes = (int) number(a, value(args, ++i, a), 3, 9);
                case "--duration" -> duration = millis(a, value(args, ++i, a));
                case "--seed" -> seed = number(a, value(args, ++i, a), Long.MIN_VALUE, Long.MAX_VALUE);
                case "--crash-rate" -> crash = rate(a, value(args, ++i, a));
                case "--partition-rate" -> partition = rate(a, value(args, ++i, a));
                case "--fault-every" -> every = millis(a, value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (every < 100) {
            throw new IllegalArgumentException("--fault-every must be at least 100ms");
        }
        return new Options(nodes, duration, seed, reliable, crash, partition, every, quiet);
    }

    private static double rate(String flag, String v) {
        try {
            double x = Double.parseDouble(v);
            if (!(x >= 0 && x <= 1)) {
                throw new IllegalArgumentException(flag + " must be within 0..1, got " + v);
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " expects a number within 0..1, got '" + v + "'");
        }
    }

    static long millis(String flag, String v) {
        String s = v.trim().toLowerCase();
        long unit = 1000;
        if (s.endsWith("ms")) {
            unit = 1;
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            unit = 60_000;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("h")) {
            unit = 3_600_000;
            s = s.substring(0, s.length() - 1);
        }
        try {
            long x = Long.parseLong(s) * unit;
            if (x <= 0) {
                throw new IllegalArgumentException(flag + " must be positive, got " + v);
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " expects a duration like 90s, 5m or 1500ms, got '" + v + "'");
        }
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
