package raft.spec.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import raft.command.InputError;

/**
 * A planted fault for demonstrations: one event of a TraceLog module with its term raised by
 * one, as if the server had recorded (or done) something else. The validator must refuse the
 * trace at exactly that event (TraceMergeTest, ci/stages/55-real-trace.sh).
 */
public final class TraceEdit {
    /** The event's own term; a message's is mterm, after ", m". */
    private static final Pattern TERM = Pattern.compile(", term \\|-> (\\d+),");

    private TraceEdit() {}

    /** Rewrites event (1-based) of trace in place; returns the edited line. */
    public static String bumpTerm(Path trace, long event) throws IOException {
        List<String> lines = Files.readAllLines(trace);
        long events = lines.stream().filter(l -> l.startsWith("  [") || l.startsWith(", [")).count();
        if (event < 1 || event > events) {
            throw InputError.malformed(trace + ": no event " + event + " (it has " + events + ")");
        }
        int at = TlaTraceWriter.FIRST_EVENT_LINE + (int) event - 2;
        Matcher m = TERM.matcher(lines.get(at));
        if (!m.find()) {
            throw InputError.malformed(trace + ":" + (at + 1) + ": no ', term |-> N,' in event " + event);
        }
        long term = Long.parseLong(m.group(1));
        String edited = lines.get(at).substring(0, m.start()) + ", term |-> " + (term + 1) + ","
                + lines.get(at).substring(m.end());
        lines.set(at, edited);
        Files.write(trace, lines);
        return edited;
    }
}
