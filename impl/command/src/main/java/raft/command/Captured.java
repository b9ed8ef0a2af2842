package raft.command;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A command run with its output captured: its exit code and what it printed (tests, embedding). */
public record Captured(int code, String out, String err) {
    /** Something that runs with given output streams and returns an exit code. */
    public interface Tool {
        int run(PrintStream out, PrintStream err);
    }

    public static Captured run(Tool tool) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = tool.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Captured(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A picocli command run through {@link Cli#run}. */
    public static Captured run(Object command, String... args) {
        return run((out, err) -> Cli.run(command, args, out, err));
    }
}
