package lincheck.cli;

import clojure.lang.IPersistentMap;
import clojure.lang.Keyword;
import lincheck.api.CheckOptions;
import lincheck.api.CheckResult;
import lincheck.api.Linearizability;
import lincheck.edn.Edn;
import lincheck.edn.InputException;
import lincheck.model.Conventions;
import lincheck.report.ResultMap;
import lincheck.report.Timeline;
import lincheck.search.Budget;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * check-history: is a recorded history linearizable? Exit 0 valid, 1 invalid, 2 unknown; 64 usage
 * error, 65 bad input (named by file, line and column), 66 unreadable file, 70 internal error.
 */
public final class Main {
    public static final int USAGE = 64;
    public static final int DATA = 65;
    public static final int NO_INPUT = 66;
    public static final int SOFTWARE = 70;
    static final Keyword TIME_MS = Edn.kw("time-ms");

    static final String HELP = """
            usage: check-history --model MODEL [--init EDN] [--algorithm wgl|linear|competition]
                                 [--time-limit 60s] [--format edn|json] [--svg out.html]
                                 [--absent EDN] [--nil-read unknown|value] FILE...

            Checks Jepsen-format EDN histories for linearizability against MODEL, one of
            register, cas-register, multi-register, mutex, set, fifo-queue, unordered-queue, kv.
              --init EDN         initial value (default nil), e.g. 0 or "{:x 0 :y 0}"
              --algorithm A      search: competition (default), wgl or linear
              --time-limit T     give up with :valid? :unknown after T, reading included
                                 (e.g. 500ms, 60s, 2m; 0 = none)
              --format F         result as edn (default) or json, one result per file on stdout
              --svg FILE.html    also write an HTML/SVG timeline (several files: FILE-<name>.html)
              --absent EDN       kv: what a get of a key never written reads (default nil, as
                                 Knossos; '""' as MIT 6.824 and Porcupine); an :append to an
                                 absent key starts from it when it is a string
              --nil-read R       register, cas-register: what a read of nil means: unknown
                                 (default, Knossos: matches any value) or value (Porcupine:
                                 the register holds nil)
            Each result map gets :time-ms, the time to read and check that file.
            Exit: 0 valid, 1 invalid, 2 unknown (any invalid wins over unknown), 64 usage error,
            65 bad input, 66 unreadable file, 70 internal error.
            """;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;
        UsageException(String m) { super(m); }
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String model = null;
        String init = null;
        String algorithm = "competition";
        Duration limit = Duration.ofSeconds(60);
        String format = "edn";
        String svg = null;
        String absent = null;
        String nilRead = "unknown";
        List<String> files = new ArrayList<>();
        Conventions conventions;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help" -> {
                        out.print(HELP);
                        return 0;
                    }
                    case "--model" -> model = value(args, ++i, a);
                    case "--init" -> init = value(args, ++i, a);
                    case "--algorithm" -> algorithm = value(args, ++i, a);
                    case "--time-limit" -> limit = parseDuration(value(args, ++i, a));
                    case "--format" -> format = value(args, ++i, a);
                    case "--svg" -> svg = value(args, ++i, a);
                    case "--absent" -> absent = value(args, ++i, a);
                    case "--nil-read" -> nilRead = value(args, ++i, a);
                    default -> {
                        if (a.startsWith("--")) throw new UsageException("unknown option " + a);
                        files.add(a);
                    }
                }
            }
            if (model == null) throw new UsageException("--model is required");
            if (!List.of("wgl", "linear", "competition").contains(algorithm)) {
                throw new UsageException("--algorithm must be wgl, linear or competition, not " + algorithm);
            }
            if (!format.equals("edn") && !format.equals("json")) throw new UsageException("--format must be edn or json, not " + format);
            if (files.isEmpty()) throw new UsageException("no history FILE given");
            conventions = conventions(model, absent, nilRead);
        } catch (UsageException e) {
            err.println("check-history: " + e.getMessage());
            err.println("try check-history --help");
            return USAGE;
        }
        CheckOptions options = new CheckOptions(algorithm, limit, 0.8, conventions);
        int exit = 0;
        boolean anyInvalid = false;
        boolean anyUnknown = false;
        try {
            Object initValue = Linearizability.readInit(init);
            for (String file : files) {
                Path path = Path.of(file);
                String unreadable = unreadable(path);
                if (unreadable != null) {
                    err.println("check-history: " + file + ": cannot read: " + unreadable);
                    exit = Math.max(exit, NO_INPUT);
                    continue;
                }
                long start = System.nanoTime();
                CheckResult r = checkWithProgress(model, initValue, path, options, err);
                r = new CheckResult((IPersistentMap) r.map().assoc(TIME_MS, (System.nanoTime() - start) / 1_000_000));
                String text = format.equals("json") ? r.json() : r.edn();
                out.println(text);
                out.flush();
                if (svg != null) writeSvg(svg, files.size() > 1, path, r, err);
                if (r.verdict() == CheckResult.Verdict.INVALID) anyInvalid = true;
                if (r.verdict() == CheckResult.Verdict.UNKNOWN) anyUnknown = true;
            }
        } catch (InputException e) {
            err.println("check-history: " + e.getMessage());
            return e.detail().startsWith("unknown model") ? USAGE : DATA;
        } catch (IOException e) {
            err.println("check-history: cannot write " + svg + ": " + e.getMessage());
            return NO_INPUT + 7; // 73, EX_CANTCREAT
        } catch (OutOfMemoryError e) {
            // Outside the check itself (which answers :unknown on its own): a resource failure, not a verdict.
            CheckResult r = new CheckResult(ResultMap.unknown(algorithm, Budget.Cause.OUT_OF_MEMORY));
            out.println(format.equals("json") ? r.json() : r.edn());
            err.println("check-history: out of memory; give the JVM more heap (CHECK_HISTORY_JAVA_OPTS=-Xmx4g)");
            return 2;
        } catch (RuntimeException | Error e) {
            // Never exit 1 (that says "invalid"): an error of ours is 70.
            err.println("check-history: internal error: " + e);
            if (System.getenv("LINCHECK_DEBUG") != null) e.printStackTrace(err);
            else err.println("(set LINCHECK_DEBUG=1 for a stack trace)");
            return SOFTWARE;
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

    private static Conventions conventions(String model, String absent, String nilRead) throws UsageException {
        if (!nilRead.equals("unknown") && !nilRead.equals("value")) {
            throw new UsageException("--nil-read must be unknown or value, not " + nilRead);
        }
        Conventions c = Conventions.DEFAULT.withNilRead(Conventions.nilRead(nilRead));
        if (absent != null) {
            // The shell turns --absent "" into an empty argument, which is no EDN value at all.
            if (absent.isBlank()) throw new UsageException("--absent needs an EDN value; for the empty string write --absent '\"\"'");
            try {
                c = c.withAbsent(Edn.readString(absent));
            } catch (RuntimeException e) {
                throw new UsageException("--absent must be one EDN value such as nil or '\"\"', not " + absent);
            }
        }
        String unused = c.unusedBy(model);
        if (unused != null) throw new UsageException("--" + unused);
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

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) throw new UsageException(option + " needs a value");
        return args[i];
    }

    static Duration parseDuration(String s) throws UsageException {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(s.trim());
        if (!m.matches()) throw new UsageException("--time-limit must look like 500ms, 60s, 2m or 1h, not " + s);
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
