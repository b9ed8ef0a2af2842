package raft.command;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Runs a picocli command the project's way. Exit codes (sysexits): 0 and the command's own codes,
 * 64 usage mistake, 65 malformed input file, 66 unreadable input file, 70 internal error. Errors
 * are one line naming the command, never a stack trace for a user's mistake.
 *
 * <p>A command with a {@code --config FILE} option may take any of its options from a properties
 * file, keyed by the option's name without dashes ({@code peers=a:7000,b:7000}, {@code stale-reads=true});
 * the command line wins, and a key that names no option is an error in the file.
 */
public final class Cli {
    public static final int USAGE = 64;
    public static final int DATA = 65;
    public static final int NO_INPUT = 66;
    public static final int SOFTWARE = 70;

    private Cli() {}

    /** main(): runs the command on the real console and exits with its code. */
    public static void exit(Object command, String[] args) {
        System.exit(run(command, args, System.out, System.err));
    }

    public static int run(Object command, String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine(command, out, err);
        String config = configArgument(args);
        if (config != null) {
            Properties props;
            try {
                props = load(Path.of(config));
            } catch (InputError e) {
                err.println(cl.getCommandName() + ": " + e.getMessage());
                return e.exitCode();
            }
            cl.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(props));
            CommandLine.IExecutionStrategy run = cl.getExecutionStrategy();
            cl.setExecutionStrategy(parsed -> {
                String unknown = unknownKey(props, last(parsed).commandSpec());
                if (unknown != null) {
                    err.println(last(parsed).commandSpec().name() + ": config file " + config + ": '" + unknown
                            + "' is not an option of this command");
                    return DATA;
                }
                return run.execute(parsed);
            });
        }
        return cl.execute(args);
    }

    /**
     * Parses without running: fills the command's fields (tests, and callers that only want the
     * options). A mistake is a picocli ParameterException.
     */
    public static <T> T parse(T command, String... args) {
        commandLine(command, System.out, System.err).parseArgs(args);
        return command;
    }

    /** The command line with the project's converters and error handling. */
    public static CommandLine commandLine(Object command, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(command);
        cl.registerConverter(Duration.class, new Durations());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOverwrittenOptionsAllowed(true); // the last of a repeated option wins, as scripts expect
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((e, args) -> {
            usageMistake(e.getCommandLine(), e.getMessage());
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof UsageError) {
                usageMistake(c, e.getMessage());
                return USAGE;
            } else if (e instanceof InputError bad) {
                c.getErr().println(c.getCommandName() + ": " + bad.getMessage());
                return bad.exitCode();
            }
            // Not the user's mistake: ours. The trace is for the bug report.
            c.getErr().println(c.getCommandName() + ": internal error: " + e);
            e.printStackTrace(c.getErr());
            return SOFTWARE;
        });
        return cl;
    }

    /** A usage error from a command's own checks, for values picocli accepts but the command cannot. */
    public static long between(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UsageError(option + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private static void usageMistake(CommandLine c, String message) {
        c.getErr().println(c.getCommandName() + ": " + message);
        c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for the options.");
    }

    private static String configArgument(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                return args[i].substring("--config=".length());
            }
        }
        return null;
    }

    static Properties load(Path file) {
        Properties p = new Properties();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw InputError.unreadable("cannot read config file " + file
                    + (Files.exists(file) ? "" : ": no such file"));
        }
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw InputError.unreadable("cannot read config file " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw InputError.malformed("config file " + file + ": " + e.getMessage());
        }
        p.replaceAll((k, v) -> v.toString().trim());
        return p;
    }

    private static String unknownKey(Properties props, CommandSpec spec) {
        TreeSet<String> names = new TreeSet<>();
        for (OptionSpec o : spec.options()) {
            names.add(o.longestName().replaceFirst("^-+", ""));
        }
        for (String k : new TreeSet<>(props.stringPropertyNames())) {
            if (!names.contains(k)) {
                return k;
            }
        }
        return null;
    }

    private static ParseResult last(ParseResult r) {
        while (r.hasSubcommand()) {
            r = r.subcommand();
        }
        return r;
    }
}
