package raft.spec.trace;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import raft.command.Cli;
import raft.command.HelpOption;
import raft.command.InputError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * ci/trace-validate: validates a TraceLog module written by {@link TlaTraceWriter}.
 * Exit 0 valid, 1 invalid, 2 no verdict, 64 usage error, 65 server traces that cannot be merged, 66 no trace
 * or spec file.
 *
 * <pre>TraceMain TRACE.tla [--spec-dir DIR] [--work DIR] [--seconds N]
 * TraceMain --record SCENARIO SEED TRACE.tla [--server] [...]   (records a lab scenario first)
 * TraceMain TRACE.tla --merge DIR|FILE... [--bump-term EVENT]     (merges server traces first)</pre>
 */
@Command(name = "trace-validate", sortOptions = false,
        description = "Checks a trace recorded from the implementation against the TLA+ spec (RaftTrace.tla, or "
                + "RaftMembershipTrace.tla for a trace of membership changes).",
        footer = "Exit: 0 valid, 1 invalid, 2 no verdict, 64 usage, 65 a server trace --merge cannot read or order, "
                + "66 no such trace or spec.")
public final class TraceMain implements Callable<Integer> {
    @Mixin
    HelpOption help;
    @Parameters(index = "0", paramLabel = "TRACE.tla", description = "the TraceLog module to validate")
    Path trace;
    @Option(names = "--spec-dir", defaultValue = "spec/tla", paramLabel = "DIR",
            description = "where RaftTrace.tla is (default ${DEFAULT-VALUE})")
    Path specDir;
    @Option(names = "--work", paramLabel = "DIR", description = "TLC's working directory (default: a new temporary one)")
    Path work;
    @Option(names = "--seconds", defaultValue = "1800", paramLabel = "TIME",
            description = "TLC's time limit (a bare number is seconds; default ${DEFAULT-VALUE})")
    Duration limit;
    @Option(names = "--record", arity = "2", paramLabel = "SCENARIO SEED",
            description = "first record this lab scenario with this seed into TRACE.tla (a membership scenario, "
                    + "testGrowThreeToFive, ..., is recorded for RaftMembershipTrace.tla)")
    List<String> record;
    @Option(names = "--server", description = "record with pre-vote and check-quorum (RaftConfig.lab(): the server "
            + "profile without its no-op on election, an empty command the lab cannot apply) instead of "
            + "RaftConfig.defaults(); the extension scenarios (testTransferToDead, ...) need it")
    boolean server;
    @Option(names = "--merge", arity = "1..*", paramLabel = "FILE|DIR",
            description = "first merge these server traces (server --trace; of a directory its *.trace files) "
                    + "in causal order into TRACE.tla")
    List<Path> merge;
    @Option(names = "--bump-term", paramLabel = "EVENT",
            description = "a planted fault, to see it caught: add 1 to the term of event EVENT of TRACE.tla first")
    Long bumpTerm;

    /** TLC's time limit, from --seconds. */
    public Duration timeLimit() {
        return limit;
    }

    public static void main(String[] args) {
        Cli.exit(new TraceMain(), args);
    }

    @Override
    public Integer call() throws Exception {
        if (record != null) {
            String scenario = record.get(0);
            boolean membership = raft.lab.Scenarios.initialMembers(scenario) != null;
            if (!raft.lab.Scenarios.ALL.containsKey(scenario) && !raft.lab.Scenarios.EXTENSIONS.containsKey(scenario)
                    && !membership) {
                throw new raft.command.UsageError("--record: no lab scenario named '" + scenario + "'");
            }
            if (membership && server) {
                throw new raft.command.UsageError("--record " + scenario + ": a membership scenario is checked "
                        + "against RaftMembership.tla, which has no pre-vote or check-quorum: drop --server");
            }
            long seed;
            try {
                seed = Long.parseLong(record.get(1));
            } catch (NumberFormatException e) {
                throw new raft.command.UsageError("--record SCENARIO SEED: the seed must be an integer, got '"
                        + record.get(1) + "'");
            }
            long t0 = System.nanoTime();
            long events = TraceRecorder.record(scenario, seed, trace,
                    server ? raft.core.RaftConfig.lab() : raft.core.RaftConfig.defaults(),
                    java.util.function.UnaryOperator.identity());
            System.out.printf("recorded %s seed %d: %,d events in %d ms into %s%n", scenario, seed, events,
                    (System.nanoTime() - t0) / 1_000_000, trace);
        }
        if (merge != null) {
            long t0 = System.nanoTime();
            List<Path> files = TraceMerger.inputs(merge);
            TraceMerger.Result r = TraceMerger.merge(files, trace);
            r.notes().forEach(System.out::println);
            System.out.printf("merged %d server traces: %,d events in %d ms into %s%n", files.size(), r.events(),
                    (System.nanoTime() - t0) / 1_000_000, trace);
        }
        if (bumpTerm != null) {
            System.out.println("planted: event " + bumpTerm + " now reads " + TraceEdit.bumpTerm(trace, bumpTerm));
        }
        if (!Files.isRegularFile(trace)) {
            throw InputError.unreadable(trace + ": no such file");
        }
        if (!Files.isRegularFile(specDir.resolve("RaftTrace.tla"))) {
            throw InputError.unreadable(specDir.resolve("RaftTrace.tla")
                    + ": no such file (run from the repository root or pass --spec-dir)");
        }
        Path dir = work != null ? work : Files.createTempDirectory("raft-trace");
        TraceValidator.Verdict v = new TraceValidator(specDir, dir, System.out::println).validate(trace, limit);
        System.out.println(v.describe());
        return v.valid() ? 0 : v.failedEvent() > 0 ? 1 : 2;
    }
}
