package raft.jepsen;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import raft.command.Cli;
import raft.command.HelpOption;
import raft.command.OnOff;
import raft.command.UsageError;
import raft.cli.RaftFlags;
import raft.cli.ReadFlags;
import raft.kv.ReadOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The `jepsen` command, the project's main job. Exit status: 0 linearizable,
 * 1 not linearizable, 2 unknown, 3 the run itself failed, 64 usage.
 * With --expect invalid (the stale-read demonstration) 0 means "the checker caught it".
 */
@Command(name = "jepsen", sortOptions = false,
        header = "The main job: a local cluster under faults, its history checked for linearizability.",
        description =
        "Starts a local cluster of server processes on 127.0.0.1 (peers linked through proxies "
                + "the harness controls), runs concurrent clients while a nemesis kills (-9) and restarts "
                + "servers, pauses them (SIGSTOP/SIGCONT), partitions them and moves leadership (transfer); writes DIR/history.edn "
                + "(Jepsen format), checks it for linearizability, writes DIR/report.html (throughput and "
                + "latency with the faults shaded) and, on a violation, DIR/timeline.html.",
        footer = "The summary gives leader changes and the highest term per node (from the servers' logs). Exit: 0 linearizable, 1 not linearizable, 2 unknown, 3 the run failed, 64 usage.")
public final class JepsenMain implements Callable<Integer> {
    private static final Set<String> FAULTS = Set.of("kill", "pause", "partition", "partition-leader", "transfer",
            "membership");

    @Mixin
    HelpOption help;
    @Option(names = "--nodes", defaultValue = "3", description = "3 or 5 (default ${DEFAULT-VALUE})")
    int nodes;
    @Option(names = "--time", defaultValue = "60s", description = "how long the clients run (default ${DEFAULT-VALUE})")
    Duration time;
    @Option(names = "--workload", defaultValue = "cas-register", description = "cas-register or kv (default ${DEFAULT-VALUE})")
    String workload;
    @Option(names = "--keys", defaultValue = "5", description = "kv workload: distinct keys (default ${DEFAULT-VALUE})")
    int keys;
    @Option(names = "--concurrency", defaultValue = "5", description = "client threads (default ${DEFAULT-VALUE})")
    int concurrency;
    @Option(names = "--rate", defaultValue = "40", description = "operations per second, all clients (default ${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--faults", defaultValue = "kill,pause,partition,transfer", split = ",",
            description = "kill, pause, partition, partition-leader (the leader in the minority), transfer (leadership "
                    + "moved at random), membership (nodes added with --join, removed, replaced; at least 3 voters"
                    + " kept), or none (default ${DEFAULT-VALUE})")
    List<String> faults;
    @Option(names = "--quiet", defaultValue = "4s", description = "calm time between faults (default ${DEFAULT-VALUE})")
    Duration quiet;
    @Option(names = "--fault-duration", defaultValue = "5s", description = "how long a fault lasts (default ${DEFAULT-VALUE})")
    Duration faultDuration;
    @Option(names = "--stale-reads", description = "reads served from any node's local state: NOT linearizable, on purpose")
    boolean staleReads;
    @Option(names = "--fsync", arity = "1", defaultValue = "on", converter = OnOff.class, paramLabel = "on|off",
            description = "the servers' fsync (default on)")
    boolean fsync;
    @Option(names = "--seed", description = "seed of the workload and the nemesis (default: the clock)")
    Long seed;
    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default out/jepsen/<time>)")
    Path out;
    @Option(names = "--check-limit", defaultValue = "120s",
            description = "the checker's time limit; past it the verdict is unknown (default ${DEFAULT-VALUE})")
    Duration checkLimit;
    @Option(names = "--snapshot-every", defaultValue = "200", description = "the servers' snapshot interval in entries (default ${DEFAULT-VALUE})")
    long snapshotEvery;
    @Option(names = "--op-timeout", defaultValue = "5s",
            description = "how long a client retries one operation before recording it :info (default ${DEFAULT-VALUE})")
    Duration opTimeout;
    @Option(names = "--expect", paramLabel = "valid|invalid",
            description = "exit 0 when the verdict is this one, 1 otherwise (CI's demonstrations)")
    String expect;
    @Option(names = "--tls", description = "members talk mutual TLS with generated per-node certificates "
            + "(a generated cluster secret is always used)")
    boolean tls;
    @Mixin
    RaftFlags raftFlags;
    @Mixin
    ReadFlags readFlags;
    @Option(names = "--trace", description = "each server traces its Raft events into OUT/trace/node-ID.trace "
            + "(merge and validate them with ci/trace-validate --merge)")
    boolean trace;

    public static void main(String[] args) {
        Cli.exit(new JepsenMain(), args);
    }

    @Override
    public Integer call() {
        JepsenRun.Options o = options();
        JepsenRun.Outcome outcome;
        try {
            outcome = new JepsenRun(o, System.out).run();
        } catch (Exception e) {
            System.err.println("jepsen: the run failed: " + e.getMessage());
            return 3;
        }
        if (expect != null) {
            boolean met = expect.equals("valid") ? outcome.valid().equals("true") : outcome.valid().equals("false");
            System.out.println(met ? "as expected (" + expect + ")" : "NOT as expected: wanted " + expect);
            return met ? 0 : 1;
        }
        return switch (outcome.valid()) {
            case "true" -> 0;
            case "false" -> 1;
            default -> 2;
        };
    }

    /** The parsed options, checked. */
    JepsenRun.Options options() {
        if (nodes != 3 && nodes != 5) {
            throw new UsageError("--nodes must be 3 or 5, got " + nodes);
        }
        Set<String> faultSet = new LinkedHashSet<>();
        if (!faults.equals(List.of("none"))) {
            for (String s : faults) {
                if (!FAULTS.contains(s.trim())) {
                    throw new UsageError("--faults: unknown fault '" + s + "' (kill, pause, partition, partition-leader, transfer, membership or none)");
                }
                faultSet.add(s.trim());
            }
        }
        Workload.named(workload, 1); // a UsageError when there is no such workload
        if (expect != null && !expect.equals("valid") && !expect.equals("invalid")) {
            throw new UsageError("--expect must be valid or invalid, got '" + expect + "'");
        }
        if (concurrency < 1 || time.toMillis() < 1000) {
            throw new UsageError("need --concurrency >= 1 and --time >= 1s");
        }
        ReadOptions reads = readFlags.options(raftFlags.checkQuorum());
        return new JepsenRun.Options(nodes, time.toMillis(), workload, keys, concurrency, rate, faultSet,
                quiet.toMillis(), faultDuration.toMillis(), staleReads, fsync,
                seed != null ? seed : System.currentTimeMillis(), out != null ? out : JepsenRun.defaultOut(),
                checkLimit.toMillis(), snapshotEvery, opTimeout.toMillis(), tls, raftFlags.preVote(),
                raftFlags.checkQuorum(), reads, trace);
    }
}
