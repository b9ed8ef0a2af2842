package raft.spec.mutants;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import raft.spec.tlc.Model;
import raft.spec.tlc.Report;
import raft.spec.tlc.TlcResult;
import raft.spec.tlc.TlcRunner;

/**
 * ci/spec-mutants: makes each one-place change of a list to Raft.tla, runs the CI models
 * on the changed spec and prints which changes no model notices (the survivors). A mutant
 * is killed by the first model that does not give its expected verdict: a violation (or
 * error) where "pass" was expected, or a bug variant whose violation disappears.
 * Exit 0 when it ran (survivors are a finding, not a failure), 2 on a bad list or usage.
 *
 * <pre>
 * MutantsMain [--spec-dir DIR] [--work DIR] [--list FILE] [--suite ci | --models A,B,...] [mutant...]
 * </pre>
 */
public final class MutantsMain {
    private MutantsMain() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) throws IOException, InterruptedException {
        Path specDir = Path.of("spec/tla");
        Path work = Path.of("spec/target/mutants");
        Path list = null;
        String suite = "ci";
        List<String> only = List.of(); // --models: these, in this order (cheapest first kills sooner)
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--spec-dir" -> specDir = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--list" -> list = Path.of(args[++i]);
                case "--suite" -> suite = args[++i];
                case "--models" -> only = List.of(args[++i].split(","));
                default -> {
                    if (args[i].startsWith("-")) {
                        System.err.println("usage: MutantsMain [--spec-dir DIR] [--work DIR] [--list FILE]"
                                + " [--suite S | --models A,B,...] [mutant...]");
                        return 2;
                    }
                    names.add(args[i]);
                }
            }
        }
        Path listFile = list != null ? list : specDir.resolve("mutants.txt");
        List<Mutant> mutants;
        List<Model> models;
        String spec;
        try {
            mutants = Mutant.load(listFile).stream().filter(m -> names.isEmpty() || names.contains(m.name())).toList();
            String s = suite;
            List<Model> all = Model.load(specDir.resolve("models.tsv"));
            models = only.isEmpty() ? all.stream().filter(m -> m.suite().equals(s)).toList()
                    : only.stream().map(name -> all.stream().filter(m -> m.name().equals(name)).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("no model " + name + " in models.tsv")))
                            .toList();
            spec = Files.readString(specDir.resolve("Raft.tla"));
            for (Mutant m : mutants) {
                m.apply(spec, "Raft.tla"); // every change must apply before any TLC run
            }
        } catch (IllegalArgumentException | IOException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (mutants.isEmpty() || models.isEmpty()) {
            System.err.println("nothing to do: " + mutants.size() + " mutants, " + models.size() + " models in suite " + suite);
            return 2;
        }
        List<String> rows = new ArrayList<>();
        for (Mutant mutant : mutants) {
            Path dir = work.resolve(mutant.name()).toAbsolutePath();
            copySpec(specDir, dir);
            Files.writeString(dir.resolve("Raft.tla"), mutant.apply(spec, "Raft.tla"));
            TlcRunner runner = new TlcRunner(dir, dir.resolve("states"), 2, line -> {});
            String killer = null;
            long seconds = 0;
            for (Model model : models) {
                TlcResult r = runner.run(model);
                seconds += r.time().toSeconds();
                if (!model.accepts(r)) {
                    // An error's first message tells a spec that cannot be evaluated from a failed run.
                    killer = model.name() + ": " + Report.verdict(r)
                            + (r.errors().isEmpty() ? "" : " (" + r.errors().get(0) + ")");
                    break;
                }
            }
            String row = String.format("%-28s %-9s %5d s  %s", mutant.name(), killer == null ? "SURVIVED" : "killed",
                    seconds, killer == null ? mutant.description() : "by " + killer);
            out.println(row);
            rows.add(row);
        }
        out.println();
        out.println(rows.stream().filter(r -> r.contains("SURVIVED")).count() + " of " + rows.size() + " mutants survived:");
        rows.stream().filter(r -> r.contains("SURVIVED")).forEach(out::println);
        return 0;
    }

    private static void copySpec(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tla") || p.toString().endsWith(".cfg")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
