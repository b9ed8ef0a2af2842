package raft.spec.trace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * ci/trace-validate: validates a TraceLog module written by {@link TlaTraceWriter}.
 * Exit 0 valid, 1 invalid, 2 usage error or no verdict.
 *
 * <pre>TraceMain TRACE.tla [--spec-dir DIR] [--work DIR] [--seconds N]
 * TraceMain --record SCENARIO SEED TRACE.tla [...]   (records a lab scenario first)</pre>
 */
public final class TraceMain {
    private TraceMain() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        Path trace = null;
        Path specDir = Path.of("spec/tla");
        Path work = null;
        long seconds = 1800;
        String scenario = null;
        long seed = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--spec-dir" -> specDir = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                case "--record" -> {
                    scenario = args[++i];
                    seed = Long.parseLong(args[++i]);
                }
                default -> {
                    if (args[i].startsWith("-") || trace != null) {
                        System.err.println("usage: TraceMain TRACE.tla [--spec-dir DIR] [--work DIR] [--seconds N]");
                        return 2;
                    }
                    trace = Path.of(args[i]);
                }
            }
        }
        if (scenario != null && trace != null) {
            long t0 = System.nanoTime();
            long events = TraceRecorder.record(scenario, seed, trace, java.util.function.UnaryOperator.identity());
            System.out.printf("recorded %s seed %d: %,d events in %d ms into %s%n", scenario, seed, events,
                    (System.nanoTime() - t0) / 1_000_000, trace);
        }
        if (trace == null || !Files.isRegularFile(trace)) {
            System.err.println((trace == null ? "no trace given" : trace + ": no such file")
                    + " (usage: TraceMain TRACE.tla [--spec-dir DIR] [--work DIR] [--seconds N])");
            return 2;
        }
        if (!Files.isRegularFile(specDir.resolve("RaftTrace.tla"))) {
            System.err.println(specDir.resolve("RaftTrace.tla") + ": no such file (run from the repository root or pass --spec-dir)");
            return 2;
        }
        if (work == null) {
            work = Files.createTempDirectory("raft-trace");
        }
        TraceValidator.Verdict v = new TraceValidator(specDir, work, System.out::println)
                .validate(trace, Duration.ofSeconds(seconds));
        System.out.println(v.describe());
        return v.valid() ? 0 : v.failedEvent() > 0 ? 1 : 2;
    }
}
