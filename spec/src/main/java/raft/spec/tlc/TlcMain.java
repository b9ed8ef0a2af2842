package raft.spec.tlc;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import raft.command.Cli;
import raft.command.Durations;
import raft.command.HelpOption;
import raft.command.InputError;
import raft.command.UsageError;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * ci/tlc and ci/tlc-deep: runs the models of a suite (or the named ones) and prints
 * a table. Exit 0 when every model gave its expected verdict, 1 otherwise, 64 on a
 * usage error, 66 when the model registry cannot be read.
 */
@Command(name = "tlc", sortOptions = false, description = "Runs TLC on the spec's models and prints a table.",
        footer = "Exit: 0 every model gave its expected verdict, 1 otherwise, 64 usage, 66 no models.tsv.")
public final class TlcMain implements Callable<Integer> {
    @Mixin
    HelpOption help;
    @Option(names = "--spec-dir", defaultValue = "spec/tla", paramLabel = "DIR",
            description = "the .tla/.cfg files and models.tsv (default ${DEFAULT-VALUE})")
    Path specDir;
    @Option(names = "--work", defaultValue = "spec/target/tlc", paramLabel = "DIR",
            description = "TLC's working directories (default ${DEFAULT-VALUE})")
    Path work;
    @Option(names = "--workers", defaultValue = "2", description = "TLC worker threads (default ${DEFAULT-VALUE})")
    int workers;
    @Option(names = "--suite", defaultValue = "ci", paramLabel = "ci|deep|all",
            description = "the models of models.tsv to run when none is named (default ${DEFAULT-VALUE})")
    String suite;
    @Option(names = "--check", arity = "2..4", paramLabel = "ARG",
            description = "one ad-hoc model: MODULE.tla CONFIG.cfg [pass|INVARIANT] [time limit, default 600s]")
    List<String> check;
    @Parameters(paramLabel = "MODEL", description = "models of models.tsv by name")
    List<String> names = new ArrayList<>();

    private PrintStream out = System.out;

    public static void main(String[] args) {
        Cli.exit(new TlcMain(), args);
    }

    /** For tests: the table goes to out. */
    static int run(String[] args, PrintStream out) {
        TlcMain m = new TlcMain();
        m.out = out;
        return Cli.run(m, args, out, System.err);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Cli.between("--workers", workers, 1, 1024);
        List<Model> models = models();
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

    private List<Model> models() throws IOException {
        if (check != null) {
            String module = check.get(0);
            String expect = check.size() > 2 ? check.get(2) : "pass";
            Duration budget = check.size() > 3 ? Durations.parse(check.get(3)) : Duration.ofSeconds(600);
            return List.of(new Model(module.replaceAll("\\.tla$", ""), module, check.get(1), expect, "manual",
                    budget, List.of()));
        }
        if (!List.of("ci", "deep", "all").contains(suite)) {
            throw new UsageError("--suite must be ci, deep or all, got '" + suite + "'");
        }
        Path registry = specDir.resolve("models.tsv");
        if (!Files.isRegularFile(registry)) {
            throw InputError.unreadable(registry + ": no such file (run from the repository root or pass --spec-dir)");
        }
        List<Model> all;
        try {
            all = Model.load(registry);
        } catch (IllegalArgumentException e) {
            throw InputError.malformed(e.getMessage()); // names the file and line
        }
        List<Model> models = new ArrayList<>();
        for (Model m : all) {
            boolean named = names.contains(m.name());
            if (named || (names.isEmpty() && (suite.equals("all") || suite.equals(m.suite())))) {
                models.add(m);
            }
        }
        if (models.isEmpty()) {
            throw new UsageError("no model matches " + (names.isEmpty() ? "suite " + suite : names));
        }
        return models;
    }

    record Row(Model model, TlcResult result) {}
}
