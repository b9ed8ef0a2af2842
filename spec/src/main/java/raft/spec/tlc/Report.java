package raft.spec.tlc;

import java.util.List;

/** Human-readable verdicts and the summary table. */
public final class Report {
    private Report() {}

    /** One paragraph about a run: verdict against expectation, numbers, and the trace or errors. */
    public static String describe(Model model, TlcResult r) {
        StringBuilder out = new StringBuilder();
        boolean ok = model.accepts(r);
        out.append(String.format("%s %s: %s; %,d distinct states, %,d generated, depth %d, %.1f s (TLC CPU %.1f s)%n",
                ok ? "OK  " : "FAIL", model.name(), verdict(r), r.distinct(), r.generated(), r.depth(),
                r.time().toMillis() / 1000.0, r.cpuMillis() / 1000.0));
        if (!ok) {
            out.append(String.format("     expected %s%n", model.expectsPass() ? "no violation"
                    : "a violation of " + model.expect()));
        }
        if (r.verdict() == TlcResult.Verdict.VIOLATION) {
            out.append(String.format("     counterexample: %d states%n", r.trace().size()));
            out.append(r.traceText());
        }
        for (String error : r.errors()) {
            out.append("     ").append(error).append('\n');
        }
        return out.toString();
    }

    public static String verdict(TlcResult r) {
        return switch (r.verdict()) {
            case PASS -> "no violation";
            case VIOLATION -> r.violated() + " violated";
            case ERROR -> "error";
            case TIMEOUT -> "no violation; budget reached, not exhaustive";
        };
    }

    static String table(List<TlcMain.Row> rows) {
        StringBuilder out = new StringBuilder();
        String format = "%-24s %12s %6s %8s %8s  %-32s %s%n";
        out.append(String.format(format, "model", "distinct", "depth", "time s", "cpu s", "verdict", "ok"));
        for (TlcMain.Row row : rows) {
            TlcResult r = row.result();
            String verdict = verdict(r) + (r.verdict() == TlcResult.Verdict.VIOLATION
                    ? " (" + r.trace().size() + " states)" : "");
            out.append(String.format(format, row.model().name(), String.format("%,d", r.distinct()), r.depth(),
                    String.format("%.1f", r.time().toMillis() / 1000.0),
                    String.format("%.1f", r.cpuMillis() / 1000.0), verdict,
                    row.model().accepts(r) ? "yes" : "NO"));
        }
        return out.toString();
    }
}
