package raft.jepsen;

import lincheck.api.CheckResult;
import raft.command.Durations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the project's linearizability checker (module linearizability/, its CLI) on a
 * history file, in a child JVM so a hard history can't exhaust the harness's memory.
 * Exit codes follow the CLI's contract: 0 valid, 1 invalid, 2 unknown; its stdout (--format edn)
 * is read back with {@link CheckResult#fromEdn}.
 */
final class Checker {
    private Checker() {}

    static final String CLI_MAIN = "lincheck.cli.Main";

    /** valid: "true", "false" or "unknown"; resultEdn: the checker's EDN output. */
    record Verdict(String valid, String resultEdn, String summary) {}

    static Verdict check(Path history, String model, String init, Path timeline, long limitMillis)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xmx2g", "-cp", LocalCluster.classPath(), CLI_MAIN,
                "--model", model, "--init", init, "--time-limit", Durations.format(Duration.ofMillis(limitMillis)),
                "--format", "edn", "--svg", timeline.toString(), history.toString()));
        Path out = Files.createTempFile("check", ".edn");
        Path err = Files.createTempFile("check", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(limitMillis + 60_000, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Verdict("unknown", "{:valid? :unknown, :cause :timeout}", "checker did not finish");
            }
            String result = Files.readString(out, StandardCharsets.UTF_8).trim();
            String stderr = Files.readString(err, StandardCharsets.UTF_8).trim();
            return verdict(p.exitValue(), result, stderr);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * The checker's answer from its exit code and its EDN output, read through the checker's own
     * API. The two must agree: a JVM that failed to start also exits 1, with no result map.
     */
    static Verdict verdict(int exit, String resultEdn, String stderr) {
        CheckResult r;
        try {
            r = CheckResult.fromEdn(resultEdn);
        } catch (IllegalArgumentException e) {
            r = null;
        }
        if (r == null || r.exitCode() != exit) {
            throw new IllegalStateException("the checker failed (exit " + exit + "): "
                    + (stderr.isEmpty() ? resultEdn : stderr));
        }
        return switch (r.verdict()) {
            case VALID -> new Verdict("true", resultEdn, "checker: valid");
            case INVALID -> new Verdict("false", resultEdn, "checker: invalid at "
                    + (r.failingOpEdn() == null ? "(no :op in result)" : r.failingOpEdn()));
            case UNKNOWN -> new Verdict("unknown", resultEdn, "checker could not decide: "
                    + (r.cause() == null ? "no cause given" : r.cause()));
        };
    }
}
