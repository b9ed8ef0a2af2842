package raft.spec.tlc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One TLC run: a module, its .cfg, what the run must report, and its time budget.
 *
 * @param expect "pass", or the name of the invariant or property it must report violated
 * @param suite  "ci" (every build), "deep" (ci/tlc-deep) or "manual"
 * @param args   extra TLC arguments, e.g. -simulate
 */
public record Model(String name, String module, String config, String expect, String suite,
                    Duration budget, List<String> args) {
    public Model {
        args = List.copyOf(args);
    }

    public boolean expectsPass() {
        return expect.equals("pass");
    }

    /** A model argument of ours: reaching the time budget with no violation counts as a pass. */
    public static final String BUDGET_OK = "--budget-ok";

    /** Whether a result is what this model must produce. */
    public boolean accepts(TlcResult result) {
        return expectsPass()
                ? result.verdict() == TlcResult.Verdict.PASS
                        || (args.contains(BUDGET_OK) && result.verdict() == TlcResult.Verdict.TIMEOUT)
                : result.verdict() == TlcResult.Verdict.VIOLATION && expect.equals(result.violated());
    }

    /**
     * Reads models.tsv: one model a line, "name module config expect suite seconds [tlc args...]",
     * blank lines and lines starting with # ignored.
     */
    public static List<Model> load(Path file) throws IOException {
        List<Model> models = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length < 6 || !f[5].matches("\\d+")) {
                throw new IllegalArgumentException(String.format(
                        "%s:%d: expected 'name module config expect suite seconds [tlc args...]', got: %s",
                        file, n + 1, line));
            }
            models.add(new Model(f[0], f[1], f[2], f[3], f[4], Duration.ofSeconds(Long.parseLong(f[5])),
                    Arrays.asList(f).subList(6, f.length)));
        }
        return models;
    }
}
