package raft.jepsen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A single self-contained HTML page (inline SVG, no scripts or external files):
 * throughput and latency over time with the nemesis's fault intervals shaded, as in
 * Jepsen's perf graphs, and the checker's verdict.
 */
final class Report {
    private Report() {}

    private static final int W = 900, H = 260, L = 60, R = 20, T = 20, B = 40;
    private static final Map<String, String> TYPE_COLOR = Map.of("ok", "#2a9d4b", "fail", "#d1495b", "info", "#e0a100");
    private static final Map<String, String> FAULT_COLOR = Map.of("kill", "#f4a3a3", "pause", "#a3c4f4", "partition", "#c9a3f4",
            "partition-leader", "#b48ef0",
            "transfer", "#a3e4c4", "membership", "#f4e3a3");

    /** A completed client operation: when it ended, how long it took, how it ended. */
    record Sample(double endSec, double latencyMs, String type, String f) {}

    static List<Sample> samples(List<History.Op> ops) {
        Map<Object, History.Op> open = new HashMap<>();
        List<Sample> out = new ArrayList<>();
        for (History.Op op : ops) {
            if (!op.client()) {
                continue;
            }
            if (op.type().equals("invoke")) {
                open.put(op.process(), op);
            } else {
                History.Op inv = open.remove(op.process());
                if (inv != null) {
                    out.add(new Sample(op.time() / 1e9, (op.time() - inv.time()) / 1e6, op.type(), op.f()));
                }
            }
        }
        return out;
    }

    static void write(Path file, JepsenRun.Options o, List<History.Op> ops, List<Nemesis.Interval> intervals,
                      Checker.Verdict v, LeaderStats leaders) throws IOException {
        List<Sample> samples = samples(ops);
        double span = Math.max(1, ops.isEmpty() ? 1 : ops.get(ops.size() - 1).time() / 1e9);
        StringBuilder h = new StringBuilder();
        String color = switch (v.valid()) {
            case "true" -> "#2a9d4b";
            case "false" -> "#d1495b";
            default -> "#e0a100";
        };
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Jepsen run: ")
                .append(JepsenRun.verdictWord(v.valid())).append("</title><style>")
                .append("body{font-family:sans-serif;margin:24px;color:#222}h1{margin:0 0 8px}")
                .append(".v{color:").append(color).append("}table{border-collapse:collapse}")
                .append("td{padding:2px 12px 2px 0}pre{background:#f4f4f4;padding:8px;white-space:pre-wrap}")
                .append("</style></head><body>");
        h.append("<h1>Verdict: <span class=\"v\" id=\"verdict\">").append(JepsenRun.verdictWord(v.valid()))
                .append("</span></h1>");
        h.append("<p>").append(esc(v.summary())).append(o.staleReads()
                ? " &mdash; <b>stale-read mode</b>: reads served from any node's local state, not linearizable by design."
                : "").append("</p>");
        if ("false".equals(v.valid())) {
            h.append("<p><a href=\"timeline.html\">Timeline of the failure</a> (the checker's)</p>");
        }
        long okCount = samples.stream().filter(s -> s.type().equals("ok")).count();
        h.append("<table>")
                .append(row("cluster", o.nodes() + " server processes on 127.0.0.1, fsync " + (o.fsync() ? "on" : "off")))
                .append(row("workload", o.workload() + ", " + o.concurrency() + " clients, target " + o.rate() + " ops/s"))
                .append(row("faults", o.faults() + ", " + o.quietMillis() / 1000.0 + " s quiet then "
                        + o.faultMillis() / 1000.0 + " s of fault"))
                .append(row("raft", "pre-vote " + (o.preVote() ? "on" : "off") + ", check-quorum "
                        + (o.checkQuorum() ? "on" : "off")))
                .append(row("elections", "<span id=\"leader-changes\">" + leaders.leaderChanges()
                        + "</span> leader changes, highest term <span id=\"highest-term\">"
                        + leaders.highestTermOverall() + "</span> (" + esc(leaders.summary()) + "; from the servers' logs)"))
                .append(row("duration", String.format(Locale.ROOT, "%.1f s, seed %d", span, o.seed())))
                .append(row("operations", samples.size() + " completed: " + okCount + " ok, "
                        + samples.stream().filter(s -> s.type().equals("fail")).count() + " fail, "
                        + samples.stream().filter(s -> s.type().equals("info")).count() + " info (unknown outcome)"))
                .append("</table>");
        h.append("<h2>Throughput (completions per second)</h2>");
        h.append(throughput(samples, intervals, span));
        h.append("<h2>Latency (ms, log scale)</h2>");
        h.append(latency(samples, intervals, span));
        h.append("<p>Shaded: ");
        FAULT_COLOR.forEach((k, c) -> h.append("<span style=\"background:").append(c)
                .append(";padding:0 6px;margin-right:6px\">").append(k).append("</span>"));
        h.append(" &nbsp; Lines: p50 (solid) and p99 (dashed) latency per second. &nbsp; Points: ");
        TYPE_COLOR.forEach((k, c) -> h.append("<span style=\"color:").append(c).append("\">&#9679; ")
                .append(k).append("</span> "));
        h.append("</p><h2>Faults</h2><table>");
        for (Nemesis.Interval i : intervals) {
            h.append(row(String.format(Locale.ROOT, "%.1f&ndash;%.1f s", i.startNanos() / 1e9, i.endNanos() / 1e9),
                    i.fault() + " " + esc(i.target())));
        }
        h.append("</table><h2>Checker result</h2><pre>").append(esc(abbreviate(v.resultEdn(), 4000)))
                .append("</pre></body></html>\n");
        Files.writeString(file, h, StandardCharsets.UTF_8);
    }

    private static String throughput(List<Sample> samples, List<Nemesis.Interval> intervals, double span) {
        int buckets = (int) Math.ceil(span);
        Map<String, int[]> counts = new HashMap<>();
        for (String t : TYPE_COLOR.keySet()) {
            counts.put(t, new int[buckets + 1]);
        }
        int max = 1;
        for (Sample s : samples) {
            int[] c = counts.get(s.type());
            int b = Math.min(buckets, (int) s.endSec());
            max = Math.max(max, ++c[b]);
        }
        StringBuilder svg = frame(intervals, span);
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            StringBuilder pts = new StringBuilder();
            int[] c = e.getValue();
            for (int b = 0; b <= buckets; b++) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(b + 0.5, span), y(c[b], max)));
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(TYPE_COLOR.get(e.getKey()))
                    .append("\" points=\"").append(pts).append("\"/>");
        }
        axisY(svg, 0, max);
        return svg.append("</svg>").toString();
    }

    private static String latency(List<Sample> samples, List<Nemesis.Interval> intervals, double span) {
        double max = 1;
        for (Sample s : samples) {
            max = Math.max(max, s.latencyMs());
        }
        double lo = Math.log10(0.1), hi = Math.log10(max * 1.2);
        StringBuilder svg = frame(intervals, span);
        for (Sample s : samples) {
            double ly = (Math.log10(Math.max(0.1, s.latencyMs())) - lo) / (hi - lo);
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\" fill=\"%s\"/>",
                    x(s.endSec(), span), T + (H - T - B) * (1 - ly), TYPE_COLOR.get(s.type())));
        }
        // p50 and p99 of the operations that ended in each second, as lines over the points.
        int buckets = (int) Math.ceil(span);
        List<List<Double>> per = new ArrayList<>();
        for (int b = 0; b <= buckets; b++) {
            per.add(new ArrayList<>());
        }
        for (Sample s : samples) {
            per.get(Math.min(buckets, (int) s.endSec())).add(s.latencyMs());
        }
        for (double q : new double[] {0.5, 0.99}) {
            StringBuilder pts = new StringBuilder();
            for (int b = 0; b <= buckets; b++) {
                List<Double> l = per.get(b);
                if (l.isEmpty()) {
                    continue;
                }
                l.sort(null);
                double v = l.get(Math.min(l.size() - 1, (int) Math.floor(q * l.size())));
                double ly = (Math.log10(Math.max(0.1, v)) - lo) / (hi - lo);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(b + 0.5, span), T + (H - T - B) * (1 - ly)));
            }
            svg.append("<polyline fill=\"none\" stroke=\"#333\" stroke-width=\"1.2\"")
                    .append(q == 0.5 ? "" : " stroke-dasharray=\"4 3\"")
                    .append(" points=\"").append(pts).append("\"><title>p").append((int) (q * 100))
                    .append("</title></polyline>");
        }
        for (double d = 0.1; d <= max * 1.2; d *= 10) {
            double ly = (Math.log10(d) - lo) / (hi - lo);
            double yy = T + (H - T - B) * (1 - ly);
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>", L - 4, yy + 3,
                    d < 1 ? String.format(Locale.ROOT, "%.1f", d) : String.valueOf((long) d)));
        }
        return svg.append("</svg>").toString();
    }

    /** The SVG element with the fault intervals shaded and the time axis drawn. */
    private static StringBuilder frame(List<Nemesis.Interval> intervals, double span) {
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">", W, H));
        for (Nemesis.Interval i : intervals) {
            double x0 = x(i.startNanos() / 1e9, span), x1 = x(i.endNanos() / 1e9, span);
            svg.append(String.format(Locale.ROOT,
                    "<rect class=\"fault\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" opacity=\"0.6\">"
                            + "<title>%s %s</title></rect>",
                    x0, T, Math.max(1, x1 - x0), H - T - B, FAULT_COLOR.getOrDefault(i.fault(), "#ddd"),
                    i.fault(), esc(i.target())));
        }
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", L, H - B, W - R, H - B));
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", L, T, L, H - B));
        int step = span > 120 ? 30 : span > 30 ? 10 : 5;
        for (int s = 0; s <= span; s += step) {
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%d s</text>",
                    x(s, span), H - B + 14, s));
        }
        return svg;
    }

    private static void axisY(StringBuilder svg, int min, int max) {
        for (int k = 0; k <= 4; k++) {
            double v = min + (max - min) * k / 4.0;
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%.0f</text>", L - 4, y(v, max) + 3, v));
        }
    }

    private static double x(double sec, double span) {
        return L + (W - L - R) * Math.min(1, sec / span);
    }

    private static double y(double v, double max) {
        return T + (H - T - B) * (1 - v / max);
    }

    private static String row(String k, String v) {
        return "<tr><td><b>" + k + "</b></td><td>" + v + "</td></tr>";
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + " ...";
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
