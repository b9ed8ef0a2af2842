package lincheck.cli;

import clojure.lang.IPersistentMap;
import clojure.lang.Keyword;
import lincheck.api.CheckOptions;
import lincheck.api.CheckResult;
import lincheck.api.Linearizability;
import lincheck.edn.Edn;
import lincheck.edn.InputException;
import lincheck.model.Conventions;
import lincheck.model.Models;
import lincheck.report.ResultMap;
import lincheck.report.Timeline;
import lincheck.search.Budget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import raft.command.Cli;
import raft.command.HelpOption;
import raft.command.InputError;
import raft.command.UsageError;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * check-history: is a recorded history linearizable? Exit 0 valid, 1 invalid, 2 unknown; 64 usage
 * error, 65 bad input (named by file, line and column), 66 unreadable file, 70 internal error.
 * Options are read by picocli the way every tool of the project reads them ({@link Cli}).
 */
@Command(name = "check-history", sortOptions = false,
        description = "Checks Jepsen-format EDN histories for linearizability against MODEL, one of register, "
                + "cas-register, multi-register, mutex, set, fifo-queue, unordered-queue, kv. Each result map gets "
                + ":time-ms, the time to read and check that file.",
        footer = "%nExit: 0 valid, 1 invalid, 2 unknown (any invalid wins over unknown), 64 usage error, "
                + "65 bad input, 66 unreadable file, 70 internal error.")
public final class Main implements Callable<Integer> {
    public static final int USAGE = Cli.USAGE;
    public static final int DATA = Cli.DATA;
    public static final int NO_INPUT = Cli.NO_INPUT;
    public static final int SOFTWARE = Cli.SOFTWARE;
    static final int CANT_CREATE = 73; // sysexits EX_CANTCREAT: the --svg page could not be written
    static final Keyword TIME_MS = Edn.kw("time-ms");

    /** The searches CheckOptions knows, spelled as on the command line. */
    enum Algorithm { competition, wgl, linear }

    enum Format { edn, json }

    @Mixin
    HelpOption help;
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "the model to check against (see above)")
    String model;
    @Option(names = "--init", paramLabel = "EDN", description = "initial value (default nil), e.g. 0 or \"{:x 0 :y 0}\"")
    String init;
    @Option(names = "--algorithm", defaultValue = "competition", paramLabel = "A",
            description = "search: competition (default), wgl or linear")
    Algorithm algorithm;
    @Option(names = "--time-limit", defaultValue = "60s", paramLabel = "T",
            description = "give up with :valid? :unknown after T, reading included (e.g. 500ms, 1.5s, 60s, 2m; "
                    + "a bare number is seconds; 0 = none; default ${DEFAULT-VALUE})")
    Duration limit;
    @Option(names = "--format", defaultValue = "edn", paramLabel = "F",
            description = "result as edn (default) or json, one result per file on stdout")
    Format format;
    @Option(names = "--svg", paramLabel = "FILE.html",
            description = "also write an HTML/SVG timeline (several files: FILE-<name>.html)")
    String svg;
    @Option(names = "--absent", paramLabel = "EDN",
            description = "kv: what a get of a key never written reads (default nil, as Knossos; '\"\"' as "
                    + "MIT 6.824 and Porcupine); an :append to an absent key starts from it when it is a string")
    String absent;
    @Option(names = "--nil-read", defaultValue = "unknown", paramLabel = "R",
            description = "register, cas-register: what a read of nil means: unknown (default, Knossos: "
                    + "matches any value) or value (Porcupine: the register holds nil)")
    String nilRead;
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "history files (EDN), checked in order")
    List<String> files = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        Cli.exit(new Main(System.out, System.err), args);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return Cli.run(new Main(out, err), args, out, err);
    }

    @Override
    public Integer call() {
        if (!Models.names().contains(model)) {
            throw new UsageError("unknown model '" + model + "'; expected one of " + String.join(", ", Models.names()));
        }
        CheckOptions options = new CheckOptions(algorithm.name(), limit, 0.8, conventions(model, absent, nilRead));
        try {
            return checkAll(options);
        } catch (InputException e) {
            throw InputError.malformed(e.getMessage());
        } catch (IOException e) {
            err.println("check-history: cannot write " + svg + ": " + e.getMessage());
            return CANT_CREATE;
        } catch (OutOfMemoryError e) {
            // Outside the check itself (which answers :unknown on its own): a resource failure, not a verdict.
            CheckResult r = new CheckResult(ResultMap.unknown(algorithm.name(), Budget.Cause.OUT_OF_MEMORY));
            out.println(format == Format.json ? r.json() : r.edn());
            err.println("check-history: out of memory; give the JVM more heap (CHECK_HISTORY_JAVA_OPTS=-Xmx4g)");
            return 2;
        } catch (Error e) {
            // picocli lets an Error through, and an uncaught one would exit 1, which says "invalid":
            // wrapped, it is reported as an internal error (70) by Cli.
            throw new IllegalStateException(e);
        }
    }

    /** Checks each file in turn: the verdict's exit code, or 66 if some file could not be read. */
    private int checkAll(CheckOptions options) throws IOException {
        int exit = 0;
        boolean anyInvalid = false;
        boolean anyUnknown = false;
        Object initValue = Linearizability.readInit(init);
        for (String file : files) {
            Path path = Path.of(file);
            String unreadable = unreadable(path);
            if (unreadable != null) {
                // The other files are still checked: one missing file should not hide their verdicts.
                err.println("check-history: " + file + ": cannot read: " + unreadable);
                exit = Math.max(exit, NO_INPUT);
                continue;
            }
            long start = System.nanoTime();
            CheckResult r = checkWithProgress(model, initValue, path, options, err);
            r = new CheckResult((IPersistentMap) r.map().assoc(TIME_MS, (System.nanoTime() - start) / 1_000_000));
            out.println(format == Format.json ? r.json() : r.edn());
            out.flush();
            if (svg != null) writeSvg(svg, files.size() > 1, path, r, err);
            if (r.verdict() == CheckResult.Verdict.INVALID) anyInvalid = true;
            if (r.verdict() == CheckResult.Verdict.UNKNOWN) anyUnknown = true;
        }
        if (exit != 0) return exit;
        return anyInvalid ? 1 : anyUnknown ? 2 : 0;
    }

    /** Null when the path is a readable regular file, else why it is not. */
    static String unreadable(Path path) {
        if (Files.isDirectory(path)) return "is a directory, not a history file";
        if (!Files.exists(path)) return "no such file";
        if (!Files.isRegularFile(path)) return "not a regular file";
        if (!Files.isReadable(path)) return "permission denied";
        return null;
    }

    private static Conventions conventions(String model, String absent, String nilRead) {
        if (!nilRead.equals("unknown") && !nilRead.equals("value")) {
            throw new UsageError("--nil-read must be unknown or value, not " + nilRead);
        }
        Conventions c = Conventions.DEFAULT.withNilRead(Conventions.nilRead(nilRead));
        if (absent != null) {
            // The shell turns --absent "" into an empty argument, which is no EDN value at all.
            if (absent.isBlank()) throw new UsageError("--absent needs an EDN value; for the empty string write --absent '\"\"'");
            try {
                c = c.withAbsent(Edn.readString(absent));
            } catch (RuntimeException e) {
                throw new UsageError("--absent must be one EDN value such as nil or '\"\"', not " + absent);
            }
        }
        String unused = c.unusedBy(model);
        if (unused != null) throw new UsageError("--" + unused);
        return c;
    }

    private static CheckResult checkWithProgress(String model, Object init, Path file, CheckOptions options, PrintStream err) {
        Budget budget = new Budget(options.timeLimit().toMillis(), options.memoryFraction());
        long start = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lincheck-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> err.printf("check-history: %s: %.0f s, %,d search steps%n", file,
                (System.nanoTime() - start) / 1e9, budget.steps.sum()), 2, 2, TimeUnit.SECONDS);
        try {
            return Linearizability.check(model, init, file, options, budget);
        } finally {
            ticker.shutdownNow();
        }
    }

    private static void writeSvg(String svg, boolean perFile, Path history, CheckResult r, PrintStream err) throws IOException {
        Path target = Path.of(svg);
        if (perFile) {
            String base = history.getFileName().toString().replaceFirst("\\.edn$", "");
            String name = target.getFileName().toString();
            int dot = name.lastIndexOf('.');
            target = target.resolveSibling(dot > 0 ? name.substring(0, dot) + "-" + base + name.substring(dot) : name + "-" + base);
        }
        String html = Timeline.render(history.toString(), lincheck.edn.HistoryReader.read(history), r.map());
        // Write beside the target, force, then rename: an interrupted run never leaves half a page.
        Path dir = target.toAbsolutePath().getParent();
        Path part = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(part, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(html.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Files.move(part, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        err.println("check-history: timeline written to " + target);
    }
}
