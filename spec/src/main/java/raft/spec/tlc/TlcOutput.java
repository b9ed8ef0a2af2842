package raft.spec.tlc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns TLC 2.18's console output into a {@link TlcResult}. Reads only the lines TLC
 * prints for people (no -tool mode), so what is parsed here is what a reader sees.
 */
public final class TlcOutput {
    private static final Pattern STATES = Pattern.compile(
            "^([\\d,]+) states generated, ([\\d,]+) distinct states found, ([\\d,]+) states left on queue\\.");
    private static final Pattern SIM_STATES = Pattern.compile(
            "^(?:The number of states generated: |Progress: )([\\d,]+)(?: states checked)?");
    private static final Pattern PROGRESS = Pattern.compile(
            "^Progress\\((\\d+)\\) at .*: ([\\d,]+) states generated .*?, ([\\d,]+) distinct states found");
    private static final Pattern DEPTH = Pattern.compile("^The depth of the complete state graph search is (\\d+)\\.");
    private static final Pattern INVARIANT = Pattern.compile("^Error: Invariant (\\w+) is violated");
    private static final Pattern ACTION_PROPERTY = Pattern.compile("^Error: Action property (\\w+) is violated");
    private static final Pattern STATE = Pattern.compile("^State (\\d+): (.*)$");
    private static final Pattern BACK_TO = Pattern.compile("^Back to state (\\d+): (.*)$");
    private static final Pattern LOCATION = Pattern.compile(
            "^<(\\w+) line (\\d+), col (\\d+) to line \\d+, col \\d+ of module (\\w+)>$");
    private static final Pattern CALL = Pattern.compile("\\b([A-Z]\\w*)\\(");
    private static final Pattern VAR = Pattern.compile("^(?:/\\\\ )?(\\w+) = (.*)$");

    private final Path specDir;
    private final Map<String, List<String>> sources = new HashMap<>();

    /** @param specDir where the modules are, to name steps that TLC labels only by line */
    public TlcOutput(Path specDir) {
        this.specDir = specDir;
    }

    public TlcResult parse(List<String> lines, Duration time, boolean timedOut, long cpuMillis) {
        TlcResult.Verdict verdict = null;
        String violated = null;
        long generated = 0;
        long distinct = 0;
        int depth = 0;
        List<String> errors = new ArrayList<>();
        List<TraceStep> trace = new ArrayList<>();
        Map<String, String> previous = new LinkedHashMap<>();
        boolean parseError = false;
        boolean simulation = false;
        boolean finished = false;

        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            Matcher m;
            if ((m = PROGRESS.matcher(line)).find()) {
                // What a run stopped on its budget had reached; the final summary overrides it.
                depth = Integer.parseInt(m.group(1));
                generated = number(m.group(2));
                distinct = number(m.group(3));
            } else if ((m = STATES.matcher(line)).find()) {
                generated = number(m.group(1));
                distinct = number(m.group(2));
            } else if ((m = SIM_STATES.matcher(line)).find()) {
                generated = number(m.group(1));
            } else if ((m = DEPTH.matcher(line)).find()) {
                depth = Integer.parseInt(m.group(1));
            } else if ((m = INVARIANT.matcher(line)).find() || (m = ACTION_PROPERTY.matcher(line)).find()) {
                verdict = TlcResult.Verdict.VIOLATION;
                violated = m.group(1);
            } else if (line.startsWith("Error: Temporal properties were violated")) {
                verdict = TlcResult.Verdict.VIOLATION;
                violated = "temporal properties";
            } else if (line.startsWith("Error: Deadlock reached")) {
                verdict = TlcResult.Verdict.VIOLATION;
                violated = "deadlock";
            } else if (line.startsWith("Running Random Simulation")) {
                simulation = true;
            } else if (line.startsWith("Finished in")) {
                finished = true;
            } else if (line.startsWith("Model checking completed. No error has been found.")) {
                verdict = TlcResult.Verdict.PASS;
            } else if ((m = STATE.matcher(line)).find()) {
                Map<String, String> values = new LinkedHashMap<>();
                n = readState(lines, n + 1, values);
                Map<String, String> changed = new LinkedHashMap<>();
                values.forEach((var, value) -> {
                    if (!value.equals(previous.get(var))) {
                        changed.put(var, value);
                    }
                });
                previous.clear();
                previous.putAll(values);
                trace.add(new TraceStep(Integer.parseInt(m.group(1)), actionName(m.group(2)), changed));
            } else if ((m = BACK_TO.matcher(line)).find()) {
                trace.add(new TraceStep(trace.size() + 1, "back to state " + m.group(1) + " (a cycle)", Map.of()));
            } else if (isErrorLine(line) || parseError) {
                parseError |= line.startsWith("***Parse Error***") || line.startsWith("Semantic errors:");
                if (!line.isBlank() && !line.startsWith("Residual stack trace") && !line.startsWith("\tat ")
                        && !line.startsWith("Starting...") && !line.startsWith("tla2sany.")) {
                    errors.add(line.strip());
                }
            }
        }
        if (verdict == null && simulation && finished && errors.isEmpty()) {
            verdict = TlcResult.Verdict.PASS; // a simulation that ran all its behaviours without error
        }
        if (timedOut) {
            verdict = TlcResult.Verdict.TIMEOUT;
        } else if (verdict == null || parseError) {
            verdict = TlcResult.Verdict.ERROR;
        }
        return new TlcResult(verdict, violated, generated, distinct, depth, time, trace, errors, cpuMillis);
    }

    private static boolean isErrorLine(String line) {
        return line.startsWith("Error:") || line.startsWith("***Parse Error***") || line.startsWith("Semantic errors:")
                || line.contains("Fatal errors while parsing") || line.startsWith("TLC threw")
                || line.matches("^(Encountered|Was expecting|line \\d+, col \\d+|Unknown operator|Could not).*")
                || line.startsWith("The configuration file") || line.startsWith("Attempted");
    }

    private static int readState(List<String> lines, int from, Map<String, String> values) {
        int n = from;
        String var = null;
        StringBuilder value = new StringBuilder();
        for (; n < lines.size() && !lines.get(n).isBlank(); n++) {
            Matcher m = VAR.matcher(lines.get(n));
            if (m.find()) {
                if (var != null) {
                    values.put(var, value.toString());
                }
                var = m.group(1);
                value.setLength(0);
                value.append(m.group(2).strip());
            } else {
                value.append(' ').append(lines.get(n).strip());
            }
        }
        if (var != null) {
            values.put(var, value.toString());
        }
        return n;
    }

    /**
     * TLC names a step by the operator whose body is the disjunct that fired, but
     * "\E m \in DOMAIN messages : UpdateTerm(...)" comes out as "Next line N": the
     * operator called on that line of the module is the real action.
     */
    String actionName(String label) {
        if (label.startsWith("<Initial predicate>")) {
            return "Init";
        }
        Matcher m = LOCATION.matcher(label.strip());
        if (!m.find()) {
            return label;
        }
        String name = m.group(1);
        if (!name.endsWith("Next")) {
            return name;
        }
        List<String> source = source(m.group(4));
        int line = Integer.parseInt(m.group(2));
        if (line <= source.size()) {
            String text = source.get(line - 1);
            int col = Math.min(Integer.parseInt(m.group(3)) - 1, text.length());
            Matcher call = CALL.matcher(text.substring(col));
            if (call.find()) {
                return call.group(1);
            }
        }
        return name + " line " + line;
    }

    private List<String> source(String module) {
        return sources.computeIfAbsent(module, mod -> {
            try {
                return Files.readAllLines(specDir.resolve(mod + ".tla"));
            } catch (IOException e) {
                return List.of();
            }
        });
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }
}
