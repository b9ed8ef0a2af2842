package raft.bench;

import raft.bench.load.Driver;
import raft.bench.load.Peer;
import raft.bench.load.Warmup;
import raft.bench.load.Workload;
import raft.bench.microraft.MicroCluster;
import raft.storage.FsyncProbe;
import raft.transport.RoundTripProbe;
import raft.transport.WireCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ci/bench-peers: this project and MicroRaft 0.7 side by side on the same workloads, in rounds
 * (each starts every system afresh, in rotated order) and, within a round, each row on every
 * system back to back; then a table of medians with min-max over rounds and ratios to
 * MicroRaft, and an HTML page with the same table and latency plots. A benchmark: it prints
 * numbers and asserts nothing.
 */
public final class BenchPeers {
    static final String USAGE = """
            usage: bench-peers [--rounds 3] [--time 2s] [--warmup 500ms] [--cluster-warmup 2s] [--steady 45s]
                               [--systems ours,microraft,microraft-pre,proc]
                               [--mix writes,50,90] [--reads index] [--values 16,1024] [--inflight 1,64] [--fsync on,off]
                               [--dir out/bench-peers] [--html FILE]
              ours: 3 RaftNodes in this JVM, loopback TCP, client in-process (like for like with MicroRaft)
              microraft: MicroRaft 0.7 in this JVM, its store appending to growing segment files;
              microraft-pre: the same over preallocated segments, as ours (the Raft layers alone)
              inline: ours without the NodeInbox (requests stepped on the transport's I/O threads)
              ours-growing: ours with segments that grow as written (no preallocation)
              proc: 3 server processes and the TCP client (the user's setup)
              --mix: writes only, 50 or 90 (% reads)
              --reads: index: GETs at a confirmed read index (thesis 6.4; MicroRaft: QueryPolicy.LINEARIZABLE);
                       log: GETs as log entries, like writes (MicroRaft: replicate())
              --warmup: load before each measurement; --cluster-warmup: 50 % reads, 64 in flight after each
              cluster start (JIT, connections), then in 1 s windows until throughput stops rising, at most
              --steady in all (0: no windows)""";

    /** What to run. */
    record Options(int rounds, long millis, long warmupMillis, long clusterWarmupMillis, long steadyMillis,
                   List<String> systems, List<Double> reads,
                   boolean readIndex, List<Integer> values, List<Integer> inFlight, List<Boolean> fsync, Path dir, Path html) {
        static Options parse(String[] args) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value, got '" + args[i] + "'");
                }
                m.put(args[i].substring(2), args[++i]);
            }
            Options o = new Options(Integer.parseInt(m.getOrDefault("rounds", "3")),
                    millis(m.getOrDefault("time", "2s")), millis(m.getOrDefault("warmup", "500ms")),
                    millis(m.getOrDefault("cluster-warmup", "2s")), millis(m.getOrDefault("steady", "45s")),
                    list(m.getOrDefault("systems", "ours,microraft,microraft-pre,proc")),
                    list(m.getOrDefault("mix", "writes,50,90")).stream()
                            .map(s -> s.equals("writes") ? 0.0 : Integer.parseInt(s) / 100.0).toList(),
                    readPath(m.getOrDefault("reads", "index")),
                    list(m.getOrDefault("values", "16,1024")).stream().map(Integer::parseInt).toList(),
                    list(m.getOrDefault("inflight", "1,64")).stream().map(Integer::parseInt).toList(),
                    list(m.getOrDefault("fsync", "on,off")).stream().map(s -> s.equals("on")).toList(),
                    Path.of(m.getOrDefault("dir", "out/bench-peers")),
                    Path.of(m.getOrDefault("html", m.getOrDefault("dir", "out/bench-peers") + "/bench-peers.html")));
            for (String k : m.keySet()) {
                if (!List.of("rounds", "time", "warmup", "cluster-warmup", "steady", "systems", "mix", "reads", "values", "inflight", "fsync",
                                "dir", "html")
                        .contains(k)) {
                    throw new IllegalArgumentException("unknown option --" + k);
                }
            }
            for (String s : o.systems) {
                factory(s);
            }
            if (o.rounds < 1 || o.millis < 1) {
                throw new IllegalArgumentException("--rounds and --time must be positive");
            }
            return o;
        }

        private static boolean readPath(String s) {
            return switch (s) {
                case "index" -> true;
                case "log" -> false;
                default -> throw new IllegalArgumentException("--reads: expected index or log, got '" + s + "'");
            };
        }

        private static List<String> list(String s) {
            return List.of(s.split(","));
        }

        private static long millis(String s) {
            if (s.endsWith("ms")) {
                return Long.parseLong(s.substring(0, s.length() - 2));
            }
            if (s.endsWith("s")) {
                return (long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000);
            }
            return Long.parseLong(s);
        }
    }

    static Peer.Factory factory(String name) {
        return switch (name) {
            case "ours" -> InProcessCluster.FACTORY;
            case "microraft" -> MicroCluster.FACTORY;
            case "microraft-pre" -> MicroCluster.PREALLOCATED;
            case "proc" -> ProcessCluster.FACTORY;
            case "inline" -> InProcessCluster.INLINE;
            case "ours-growing" -> InProcessCluster.GROWING;
            default -> throw new IllegalArgumentException("unknown system '" + name + "' (ours, microraft, microraft-pre, proc, inline, ours-growing)");
        };
    }

    /** Held so the setting sticks (java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger ROOT_LOG = java.util.logging.Logger.getLogger("");

    private BenchPeers() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(USAGE);
            return;
        }
        // The nodes log their start-up (recovery, first dials refused while peers start); only errors here.
        ROOT_LOG.setLevel(java.util.logging.Level.SEVERE);
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench-peers: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(64);
            return;
        }
        Results r = run(o, System.out);
        System.out.println();
        System.out.print(Report.text(r));
        Files.createDirectories(o.html().toAbsolutePath().getParent());
        Files.writeString(o.html(), Report.html(r, "bench-peers: this project vs MicroRaft 0.7"));
        System.out.println("HTML: " + o.html());
        System.exit(0); // MicroRaft's executors are non-daemon threads
    }

    /** Runs every round; progress lines go to out. */
    static Results run(Options o, java.io.PrintStream out) throws Exception {
        Files.createDirectories(o.dir());
        Results r = new Results();
        probes(o.dir(), r, "before");
        for (String s : o.systems()) {
            // Columns in a fixed order whatever order the rounds take.
            r.systems.add(factory(s).name());
        }
        List<Workload> rows = new ArrayList<>();
        for (boolean fsync : o.fsync()) {
            for (double reads : o.reads()) {
                for (int value : o.values()) {
                    for (int inFlight : o.inFlight()) {
                        String mix = reads == 0 ? "writes" : Math.round(reads * 100) + (o.readIndex() ? "% reads" : "% log reads");
                        rows.add(new Workload(mix, reads, value, inFlight, fsync));
                    }
                }
            }
        }
        r.rows.addAll(rows);
        for (int round = 1; round <= o.rounds(); round++) {
            for (boolean fsync : o.fsync()) {
                // The systems of this JVM run together; a system of its own processes runs alone
                // (idle, the 3-process servers took 50-160 ms of CPU a second: too much to leave
                // beside the others).
                List<String> here = o.systems().stream().filter(s -> !ownProcesses(s)).toList();
                if (!here.isEmpty()) {
                    runRound(o, r, rows, round, fsync, here, out);
                }
                for (String s : o.systems()) {
                    if (ownProcesses(s)) {
                        runRound(o, r, rows, round, fsync, List.of(s), out);
                    }
                }
            }
        }
        probes(o.dir(), r, "after");
        r.machine.add(r.warmupSummary());
        return r;
    }

    /** A system started for a round, with the directory its data lives in. */
    private record Started(Peer.Factory factory, Peer peer, Path dir) {}

    /**
     * One round of one fsync setting, paired: every system is started and warmed up, then each
     * row runs on every system back to back, in an order rotated by round and row. The disk's
     * and the machine's speed drift over minutes here (fsync p50 562 -> 291 us within one run),
     * so two systems measured one after the other on a row see the same machine, and the ratio
     * of the pair is what the table reports (Results.pairedRatio). The systems not measuring
     * idle meanwhile (timers, heartbeats): their cost is measured and printed once per round.
     * A system run alone (the 3-process one) is compared with MicroRaft's sample of the same
     * round, taken minutes before or after.
     */
    private static void runRound(Options o, Results r, List<Workload> rows, int round, boolean fsync,
                                 List<String> systems, java.io.PrintStream out) throws Exception {
        List<Started> started = new ArrayList<>();
        try {
            for (String s : rotated(systems, round - 1)) {
                Peer.Factory f = factory(s);
                Path dir = Files.createTempDirectory(o.dir(), s + "-");
                Peer peer;
                try {
                    peer = f.start(dir, fsync, o.readIndex());
                } catch (Exception | Error e) {
                    deleteTree(dir);
                    throw e;
                }
                started.add(new Started(f, peer, dir));
                Warmup.Outcome warm = Warmup.untilSteady(peer, new Workload("50% reads", 0.5, 16, 64, fsync),
                        o.clusterWarmupMillis(), o.steadyMillis(), round);
                r.warmedUp(f.name(), warm);
                out.printf("round %d  %-12s warmed up %.1f s (50%% reads 16B 64 in flight, fsync %s): %.0f ops/s,"
                                + " then %s%s%n", round, f.name(), warm.millis() / 1e3, fsync ? "on" : "off",
                        warm.firstOpsPerSec(), warm.windows().stream().map(x -> String.format("%.0f", x)).toList(),
                        warm.windows().isEmpty() ? "" : warm.steady() ? ": levelled off" : ": still rising");
            }
            String idle = String.format("round %d, fsync %s, idle with %s started: %s", round, fsync ? "on" : "off",
                    started.stream().map(st -> st.factory().name()).toList(), Driver.idle(1000));
            r.machine.add(idle);
            out.println(idle);
            for (Workload w : rows) {
                if (w.fsync() != fsync) {
                    continue;
                }
                int i = rows.indexOf(w);
                // One in flight: the first system runs for --time, the others issue as many
                // operations, so all run the same ones (see sameOperations).
                long sameOps = -1;
                for (Started st : rotated(started, round - 1 + i)) {
                    long seed = round * 1000L + i;
                    Driver.Sample sample = sameOps < 0
                            ? Driver.run(st.peer(), w, o.warmupMillis(), o.millis(), seed)
                            : Driver.runOps(st.peer(), w, o.warmupMillis(), sameOps, 10 * o.millis() + 10_000, seed);
                    if (sameOperations(w) && sameOps < 0) {
                        sameOps = Driver.issued(sample);
                    }
                    r.add(w, st.factory().name(), round, sample);
                    out.printf("round %d  %-12s %-40s %8.0f ops/s  p50 %.3f ms  p99 %.3f ms  cpu %.0f us/op"
                                    + "  alloc %.0f B/op%s%n", round, st.factory().name(), w.name(), sample.opsPerSec(),
                            Results.p50(sample), Results.p99(sample), sample.cpuMicrosPerOp(),
                            sample.allocBytesPerOp(), sample.failed() > 0 ? "  (" + sample.failed() + " refused)" : "");
                }
            }
        } finally {
            for (Started st : started) {
                try {
                    st.peer().close();
                } finally {
                    deleteTree(st.dir());
                }
            }
        }
    }

    /**
     * Whether every system of a round runs the same operations on row w (same seed, same
     * count), not the same time. At one in flight the count is small (a few thousand), and a
     * mixed row's p50 over all lies on whichever kind its run drew slightly more of: with
     * counts of their own, two systems' p50s could compare a read with a write (the per-round
     * ratio of 50 % reads, 16 B, ran 0.65-1.68 in one run for that reason alone). At 64 in
     * flight the draw is large and the slots interleave by speed: time it is.
     */
    static boolean sameOperations(Workload w) {
        return w.inFlight() == 1;
    }

    private static boolean ownProcesses(String system) {
        return factory(system) == ProcessCluster.FACTORY;
    }

    private static <T> List<T> rotated(List<T> list, int by) {
        List<T> out = new ArrayList<>(list);
        Collections.rotate(out, by);
        return out;
    }

    private static void probes(Path dir, Results r, String when) throws InterruptedException {
        String line = "machine (" + when + "): " + FsyncProbe.measure(dir, 200) + "; "
                + FsyncProbe.measureShared(dir, 3, 200) + "; "
                + RoundTripProbe.measure(WireCodec.RAFT, 500, 2000) + "; "
                + Runtime.getRuntime().availableProcessors() + " CPUs, load average "
                + String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        r.machine.add(line);
        System.out.println(line);
    }

    static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // scratch data only
        }
    }
}
