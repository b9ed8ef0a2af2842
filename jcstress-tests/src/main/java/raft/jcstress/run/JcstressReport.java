package raft.jcstress.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the console output of a verbose ({@code -v}) jcstress run and sums, per test, the
 * samples of every outcome across all configurations. jcstress's own exit code says only
 * "something failed"; CI and the broken-lock check need which probes saw FORBIDDEN states
 * and how many samples each probe got.
 */
public final class JcstressReport {

    /** One test's verdict and its outcome counts summed across configurations. */
    public record TestResult(String name, String status, long samples, long forbidden,
                             Map<String, Long> forbiddenOutcomes) {
        public boolean sawForbidden() {
            return forbidden > 0;
        }
    }

    private static final Pattern HEADER = Pattern.compile("^\\.{3,} \\[([A-Z_ ]+)\\] (\\S+)\\s*$");
    private static final Pattern ROW = Pattern.compile(
            "^\\s+(.+?)\\s+([\\d,]+)\\s+(<?[\\d.]+%)\\s+(Acceptable|Forbidden|Interesting|Unknown)\\s*(.*)$");

    private final Map<String, TestResult> tests;
    private final boolean sawRunResults;

    private JcstressReport(Map<String, TestResult> tests, boolean sawRunResults) {
        this.tests = tests;
        this.sawRunResults = sawRunResults;
    }

    public static JcstressReport parse(List<String> lines) {
        Map<String, TestResult> tests = new LinkedHashMap<>();
        int start = lines.indexOf("RUN RESULTS:");
        if (start < 0) {
            return new JcstressReport(tests, false);
        }
        String name = null;
        String status = null;
        long samples = 0;
        long forbidden = 0;
        Map<String, Long> bad = new LinkedHashMap<>();
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher h = HEADER.matcher(line);
            if (h.matches()) {
                if (name != null) {
                    tests.put(name, new TestResult(name, status, samples, forbidden, bad));
                }
                status = h.group(1).trim();
                name = h.group(2);
                samples = 0;
                forbidden = 0;
                bad = new LinkedHashMap<>();
                continue;
            }
            Matcher r = ROW.matcher(line);
            if (name != null && r.matches()) {
                long n = Long.parseLong(r.group(2).replace(",", ""));
                samples += n;
                if (!r.group(4).equals("Acceptable") && !r.group(4).equals("Interesting") && n > 0) {
                    forbidden += n;
                    bad.merge(r.group(1).trim(), n, Long::sum);
                }
            }
        }
        if (name != null) {
            tests.put(name, new TestResult(name, status, samples, forbidden, bad));
        }
        return new JcstressReport(tests, true);
    }

    public static JcstressReport parse(Path log) throws IOException {
        return parse(Files.readAllLines(log));
    }

    public boolean complete() {
        return sawRunResults;
    }

    public Map<String, TestResult> tests() {
        return tests;
    }

    public List<TestResult> failing() {
        List<TestResult> out = new ArrayList<>();
        for (TestResult t : tests.values()) {
            if (!t.status().equals("OK") || t.sawForbidden()) {
                out.add(t);
            }
        }
        return out;
    }

    public String summary() {
        StringBuilder sb = new StringBuilder();
        long total = 0;
        long bad = 0;
        sb.append(String.format("%-58s %-8s %12s %10s%n", "probe", "status", "samples", "forbidden"));
        for (TestResult t : tests.values()) {
            sb.append(String.format("%-58s %-8s %,12d %,10d%n", t.name(), t.status(), t.samples(), t.forbidden()));
            t.forbiddenOutcomes().forEach((o, n) -> sb.append(String.format("    forbidden outcome [%s] x %,d%n", o, n)));
            total += t.samples();
            bad += t.forbidden();
        }
        sb.append(String.format("tests: %d, failed or errored: %d, samples: %,d, forbidden samples: %,d%n",
                tests.size(), failing().size(), total, bad));
        return sb.toString();
    }

    /** Prints the summary of a saved jcstress -v log; exits 1 if any test failed or saw a forbidden outcome. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: JcstressReport <jcstress -v console log>");
            System.exit(2);
        }
        Path log = Path.of(args[0]);
        if (!Files.isReadable(log)) {
            System.err.println(log + ": no such readable file (expected the console log of a jcstress -v run)");
            System.exit(2);
        }
        JcstressReport report = parse(log);
        if (!report.complete()) {
            System.err.println(log + ": no 'RUN RESULTS:' section; the jcstress run did not finish");
            System.exit(1);
        }
        System.out.print(report.summary());
        System.exit(report.tests().isEmpty() || !report.failing().isEmpty() ? 1 : 0);
    }
}
