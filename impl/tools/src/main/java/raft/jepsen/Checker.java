package raft.jepsen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the project's linearizability checker (module linearizability/, its CLI) on a
 * history file, in a child JVM so a hard history can't exhaust the harness's memory.
 * Exit codes follow the CLI's contract: 0 valid, 1 invalid, 2 unknown.
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
                "--model", model, "--init", init, "--time-limit", (limitMillis / 1000) + "s",
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
            int exit = p.exitValue();
            // The exit code and the result must agree: a JVM that failed to start also exits 1.
            if (exit == 0 && result.contains(":valid? true")) {
                return new Verdict("true", result, "checker: valid");
            } else if (exit == 1 && result.contains(":valid? false")) {
                return new Verdict("false", result, "checker: invalid at " + failingOp(result));
            } else if (exit == 2 && result.contains(":valid? :unknown")) {
                return new Verdict("unknown", result, "checker could not decide: " + cause(result));
            }
            throw new IllegalStateException("the checker failed (exit " + exit + "): "
                    + (stderr.isEmpty() ? result : stderr));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The :op map of an invalid result, for one line of output. */
    static String failingOp(String edn) {
        int i = edn.indexOf(":op ");
        if (i < 0) {
            return "(no :op in result)";
        }
        int depth = 0;
        int start = edn.indexOf('{', i);
        if (start < 0) {
            return "(no :op in result)";
        }
        for (int j = start; j < edn.length(); j++) {
            char c = edn.charAt(j);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return edn.substring(start, j + 1);
            }
        }
        return edn.substring(start);
    }

    static String cause(String edn) {
        int i = edn.indexOf(":cause ");
        if (i < 0) {
            return "no cause given";
        }
        int end = edn.indexOf(',', i);
        int brace = edn.indexOf('}', i);
        if (end < 0 || (brace >= 0 && brace < end)) {
            end = brace;
        }
        return end < 0 ? edn.substring(i + 7) : edn.substring(i + 7, end).trim();
    }
}
