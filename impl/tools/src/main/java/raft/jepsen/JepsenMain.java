package raft.jepsen;

import raft.cli.Flags;
import raft.cli.UsageException;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The `jepsen` command, the project's main job. Exit status: 0 linearizable,
 * 1 not linearizable, 2 unknown, 3 the run itself failed, 64 usage.
 * With --expect invalid (the stale-read demonstration) 0 means "the checker caught it".
 */
public final class JepsenMain {
    private JepsenMain() {}

    public static final String USAGE = """
            usage: jepsen [--nodes 3|5] [--time 60s] [--workload cas-register|kv] [--keys 5]
                          [--concurrency 5] [--rate 40] [--faults kill,pause,partition,transfer|none]
                          [--quiet 4s] [--fault-duration 5s] [--stale-reads] [--fsync on|off]
                          [--seed N] [--out DIR] [--check-limit 120s] [--snapshot-every 200]
                          [--op-timeout 5s] [--expect valid|invalid] [--pre-vote on|off] [--check-quorum on|off]
              Starts a local cluster of server processes on 127.0.0.1 (peers linked through proxies the
              harness controls), runs concurrent clients while a nemesis kills (-9) and restarts servers,
              pauses them (SIGSTOP/SIGCONT), partitions them and (transfer) moves leadership at random; writes DIR/history.edn (Jepsen format),
              checks it for linearizability, writes DIR/report.html (throughput and latency with the
              faults shaded) and, on a violation, DIR/timeline.html. Default DIR: out/jepsen/<time>.
              --op-timeout   how long a client retries one operation before recording it :info
              --pre-vote, --check-quorum  the servers' Raft options (both on by default; off to compare)
              The summary gives leader changes and the highest term per node (from the servers' logs).
              --stale-reads  reads served from any node's local state: NOT linearizable, on purpose.""";

    public static void main(String[] args) {
        if (raft.cli.Flags.wantsHelp(args)) {
            System.out.println(USAGE);
            return;
        }
        System.exit(run(args));
    }

    public static int run(String[] args) {
        JepsenRun.Options o;
        String expect;
        try {
            Flags f = Flags.parse(args, Set.of("stale-reads"));
            int nodes = (int) f.number("nodes", 3);
            if (nodes != 3 && nodes != 5) {
                throw new UsageException("--nodes must be 3 or 5, got " + nodes);
            }
            String faultsFlag = f.string("faults", "kill,pause,partition,transfer");
            Set<String> faults = new LinkedHashSet<>();
            if (!faultsFlag.equals("none")) {
                for (String s : faultsFlag.split(",")) {
                    if (!Set.of("kill", "pause", "partition", "transfer").contains(s.trim())) {
                        throw new UsageException("--faults: unknown fault '" + s
                                + "' (kill, pause, partition, transfer or none)");
                    }
                    faults.add(s.trim());
                }
            }
            String workload = f.string("workload", "cas-register");
            Workload.named(workload, 1);
            long seed = f.number("seed", System.currentTimeMillis());
            o = new JepsenRun.Options(nodes, f.millis("time", 60_000), workload, (int) f.number("keys", 5),
                    (int) f.number("concurrency", 5), Double.parseDouble(f.string("rate", "40")), faults,
                    f.millis("quiet", 4000), f.millis("fault-duration", 5000), f.bool("stale-reads", false),
                    f.bool("fsync", true), seed, Path.of(f.string("out", JepsenRun.defaultOut().toString())),
                    f.millis("check-limit", 120_000), f.number("snapshot-every", 200),
                    f.millis("op-timeout", 5000), f.bool("pre-vote", true), f.bool("check-quorum", true));
            expect = f.string("expect", null);
            if (expect != null && !expect.equals("valid") && !expect.equals("invalid")) {
                throw new UsageException("--expect must be valid or invalid, got '" + expect + "'");
            }
            f.rejectUnknown();
            if (o.concurrency() < 1 || o.timeMillis() < 1000) {
                throw new UsageException("need --concurrency >= 1 and --time >= 1s");
            }
        } catch (UsageException | NumberFormatException e) {
            System.err.println("jepsen: " + e.getMessage());
            System.err.println(USAGE);
            return 64;
        }
        JepsenRun.Outcome out;
        try {
            out = new JepsenRun(o, System.out).run();
        } catch (Exception e) {
            System.err.println("jepsen: the run failed: " + e.getMessage());
            return 3;
        }
        if (expect != null) {
            boolean met = expect.equals("valid") ? out.valid().equals("true") : out.valid().equals("false");
            System.out.println(met ? "as expected (" + expect + ")" : "NOT as expected: wanted " + expect);
            return met ? 0 : 1;
        }
        return switch (out.valid()) {
            case "true" -> 0;
            case "false" -> 1;
            default -> 2;
        };
    }
}
