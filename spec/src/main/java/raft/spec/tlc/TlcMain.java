package raft.spec.tlc;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * ci/tlc and ci/tlc-deep: runs the models of a suite (or the named ones) and prints
 * a table. Exit 0 when every model gave its expected verdict, 1 otherwise, 2 on a
 * usage error.
 *
 * <pre>
 * TlcMain [--spec-dir DIR] [--work DIR] [--workers N] [--suite ci|deep|all] [model...]
 * TlcMain [--spec-dir DIR] --check MODULE.tla CONFIG.cfg [pass|INVARIANT] [seconds]
 * </pre>
 */
public final class TlcMain {
    private TlcMain() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) throws IOException, InterruptedException {
        Path specDir = Path.of("spec/tla");
        Path work = Path.of("spec/target/tlc");
        int workers = 2;
        String suite = "ci";
        List<String> names = new ArrayList<>();
        Model adHoc = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--spec-dir" -> specDir = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--suite" -> suite = args[++i];
                case "--check" -> {
                    String module = args[++i];
                    String config = args[++i];
                    String expect = i + 1 < args.length ? args[++i] : "pass";
                    long seconds = i + 1 < args.length ? Long.parseLong(args[++i]) : 600;
                    adHoc = new Model(module.replaceAll("\\.tla$", ""), module, config, expect, "manual",
                            Duration.ofSeconds(seconds), List.of());
                }
                case "--help", "-h" -> {
                    out.println("usage: TlcMain [--spec-dir DIR] [--work DIR] [--workers N] [--suite ci|deep|all] [model...]");
                    out.println("       TlcMain [--spec-dir DIR] --check MODULE.tla CONFIG.cfg [pass|INVARIANT] [seconds]");
                    return 0;
                }
                default -> {
                    if (args[i].startsWith("-")) {
                        System.err.println("unknown option " + args[i] + " (see --help)");
                        return 2;
                    }
                    names.add(args[i]);
                }
            }
        }
        List<Model> models = new ArrayList<>();
        if (adHoc != null) {
            models.add(adHoc);
        } else {
            Path registry = specDir.resolve("models.tsv");
            if (!Files.isRegularFile(registry)) {
                System.err.println(registry + ": no such file (run from the repository root or pass --spec-dir)");
                return 2;
            }
            for (Model m : Model.load(registry)) {
                boolean named = names.contains(m.name());
                if (named || (names.isEmpty() && (suite.equals("all") || suite.equals(m.suite())))) {
                    models.add(m);
                }
            }
            if (models.isEmpty()) {
                System.err.println("no model matches " + (names.isEmpty() ? "suite " + suite : names));
                return 2;
            }
        }
        TlcRunner runner = new TlcRunner(specDir, work, workers, out::println);
        List<Row> rows = new ArrayList<>();
        for (Model m : models) {
            out.printf("=== TLC %s (%s with %s, expect %s, budget %d s)%n", m.name(), m.module(), m.config(),
                    m.expect(), m.budget().toSeconds());
            TlcResult r = runner.run(m);
            out.println(Report.describe(m, r));
            rows.add(new Row(m, r));
        }
        out.println(Report.table(rows));
        return rows.stream().allMatch(row -> row.model().accepts(row.result())) ? 0 : 1;
    }

    record Row(Model model, TlcResult result) {}
}
