package raft.bench;

import raft.bench.load.Driver;
import raft.bench.load.Histogram;
import raft.bench.load.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The comparison table (text for the terminal, the same rows as HTML) and, in the HTML page,
 * one latency plot per row: the cumulative distribution of every system's latencies over all
 * rounds, log time axis, inline SVG.
 */
final class Report {
    static final String MICRORAFT = "MicroRaft";

    private Report() {}

    /**
     * The tables: speed (with ratios to MicroRaft), cost per operation, and the median latency of
     * reads and of writes apart, for the rows that mix them (KINDS).
     */
    enum Table {
        SPEED("Throughput and median latency"),
        COST("Tail latency and cost per operation"),
        KINDS("Median latency of reads and of writes apart (mixed rows)");

        final String title;

        Table(String title) {
            this.title = title;
        }

        boolean shows(Workload w) {
            return this != KINDS || (w.readFraction() > 0 && w.readFraction() < 1);
        }
    }

    static List<String> header(Results r, Table t) {
        List<String> h = new ArrayList<>(List.of("workload"));
        if (t == Table.SPEED) {
            for (String s : r.systems) {
                h.add(s + " ops/s");
                if (!s.equals(MICRORAFT)) {
                    h.add("/MR");
                }
            }
            for (String s : r.systems) {
                h.add(s + " p50 ms");
                if (!s.equals(MICRORAFT)) {
                    h.add("/MR");
                }
            }
        } else if (t == Table.KINDS) {
            for (String kind : List.of("reads", "writes")) {
                for (String s : r.systems) {
                    h.add(s + " " + kind + " p50 ms");
                    if (!s.equals(MICRORAFT)) {
                        h.add("/MR");
                    }
                }
            }
        } else {
            for (String s : r.systems) {
                h.add(s + " p99 ms");
            }
            for (String s : r.systems) {
                h.add(s + " CPU us/op");
            }
            for (String s : r.systems) {
                h.add(s + " alloc B/op");
            }
        }
        return h;
    }

    static List<String> row(Results r, Workload w, Table t) {
        List<String> c = new ArrayList<>(List.of(w.name()));
        if (t == Table.SPEED) {
            for (String s : r.systems) {
                c.add(spread(r.spread(w, s, Driver.Sample::opsPerSec), "%.0f"));
                if (!s.equals(MICRORAFT)) {
                    c.add(ratio(r, w, s, Driver.Sample::opsPerSec));
                }
            }
            for (String s : r.systems) {
                c.add(spread(r.spread(w, s, Results::p50), "%.3f"));
                if (!s.equals(MICRORAFT)) {
                    c.add(ratio(r, w, s, Results::p50));
                }
            }
            return c;
        }
        if (t == Table.KINDS) {
            for (ToDoubleFunction<Driver.Sample> p50 : List.<ToDoubleFunction<Driver.Sample>>of(Results::p50Reads,
                    Results::p50Writes)) {
                for (String s : r.systems) {
                    c.add(spread(r.spread(w, s, p50), "%.3f"));
                    if (!s.equals(MICRORAFT)) {
                        c.add(ratio(r, w, s, p50));
                    }
                }
            }
            return c;
        }
        for (String s : r.systems) {
            c.add(median(r.spread(w, s, Results::p99), "%.2f"));
        }
        for (String s : r.systems) {
            c.add(median(r.spread(w, s, Driver.Sample::cpuMicrosPerOp), "%.0f"));
        }
        for (String s : r.systems) {
            // The 3-process servers allocate in their own JVMs: only the client's share is seen.
            c.add(median(r.spread(w, s, Driver.Sample::allocBytesPerOp), "%.0f")
                    + (s.equals(ProcessCluster.FACTORY.name()) ? "*" : ""));
        }
        return c;
    }

    private static String median(Results.Spread p, String f) {
        return p == null ? "-" : fmt(f, p.median());
    }

    static String text(Results r) {
        StringBuilder sb = new StringBuilder();
        for (String m : r.machine) {
            sb.append(m).append('\n');
        }
        for (Table t : Table.values()) {
            String table = table(r, t);
            if (!table.isEmpty()) {
                sb.append('\n').append(table);
            }
        }
        sb.append("ops/s and p50: median [min-max] over rounds; /MR: median over rounds of the ratio to MicroRaft"
                + " measured back to back in the same round (ops/s: >1 is faster; p50: <1 is faster). p99, CPU (this process + child processes) and allocation per op:"
                + " medians over rounds. * client JVM only. reads / writes p50: the median of each kind alone (in a"
                + " 50 % mix the p50 of all lies in the gap between them, on the kind drawn slightly more often)."
                + " 1 in flight: the in-process systems of a round run the same operations (the first for the"
                + " time given, the others as many).\n");
        return sb.toString();
    }

    private static String table(Results r, Table t) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(header(r, t));
        for (Workload w : r.rows) {
            if (t.shows(w)) {
                lines.add(row(r, w, t));
            }
        }
        if (lines.size() == 1) {
            return "";
        }
        int[] width = new int[lines.get(0).size()];
        for (List<String> l : lines) {
            for (int i = 0; i < l.size(); i++) {
                width[i] = Math.max(width[i], l.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> l : lines) {
            for (int i = 0; i < l.size(); i++) {
                String cell = l.get(i);
                sb.append(i == 0 ? String.format("%-" + width[i] + "s", cell) : String.format("  %" + width[i] + "s", cell));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String html(Results r, String title) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>")
                .append("<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;font-size:12px}"
                        + "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td:first-child{text-align:left;"
                        + "white-space:pre}figure{display:inline-block;margin:6px}figcaption{font-size:12px}</style>"
                        + "</head><body>");
        sb.append("<h1>").append(esc(title)).append("</h1><pre>");
        for (String m : r.machine) {
            sb.append(esc(m)).append('\n');
        }
        sb.append("</pre>");
        for (Table t : Table.values()) {
            if (r.rows.stream().noneMatch(t::shows)) {
                continue;
            }
            sb.append("<h2>").append(esc(t.title)).append("</h2><table><tr>");
            for (String h : header(r, t)) {
                sb.append("<th>").append(esc(h)).append("</th>");
            }
            sb.append("</tr>");
            for (Workload w : r.rows) {
                if (!t.shows(w)) {
                    continue;
                }
                sb.append("<tr>");
                List<String> row = row(r, w, t);
                for (int i = 0; i < row.size(); i++) {
                    sb.append("<td>").append(i == 0 ? "<a href=\"#" + w.id() + "\">" + esc(row.get(i)) + "</a>"
                            : esc(row.get(i))).append("</td>");
                }
                sb.append("</tr>");
            }
            sb.append("</table>");
        }
        sb.append("<p>ops/s and p50: median [min-max] over rounds; /MR: median over rounds of the ratio to MicroRaft measured back to back in the same round. p99, CPU and"
                + " allocation per op: medians over rounds. * client JVM only.</p><h2>Latency distributions (all rounds)</h2>");
        for (Workload w : r.rows) {
            sb.append("<figure id=\"").append(w.id()).append("\">").append(plot(r, w))
                    .append("<figcaption>").append(esc(w.name())).append("</figcaption></figure>");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

    /** CDF of latency, x from 10 us to 1 s on a log scale. */
    static String plot(Results r, Workload w) {
        int width = 420, height = 220, left = 40, bottom = 30;
        double lo = Math.log10(10e3), hi = Math.log10(1e9);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">", width, height));
        int pw = width - left - 10, ph = height - bottom - 10;
        sb.append(String.format("<rect x=\"%d\" y=\"10\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
                left, pw, ph));
        String[] ticks = {"10us", "100us", "1ms", "10ms", "100ms", "1s"};
        for (int i = 0; i < ticks.length; i++) {
            double x = left + pw * i / (double) (ticks.length - 1);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
                    x, x, 10 + ph, x, height - 15, ticks[i]));
        }
        for (double q : new double[]{0.5, 0.99}) {
            double y = 10 + ph * (1 - q);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"2\" y=\"%.1f\" font-size=\"10\">p%s</text>", left, y, left + pw, y, y + 3,
                    q == 0.5 ? "50" : "99"));
        }
        int k = 0;
        for (String s : r.systems) {
            Histogram h = r.merged(w, s);
            String color = COLORS[k % COLORS.length];
            if (h.count() > 0) {
                double[] cdf = h.cdf();
                StringBuilder pts = new StringBuilder();
                // 40 points a decade are enough for the eye; every bucket would make the page megabytes.
                for (int b = 0; b < cdf.length; b += Math.max(1, Histogram.PER_DECADE / 40)) {
                    double x = Math.log10(Histogram.upperNanos(b));
                    if (x < lo || x > hi) {
                        continue;
                    }
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + pw * (x - lo) / (hi - lo),
                            10 + ph * (1 - cdf[b])));
                }
                sb.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(color)
                        .append("\" points=\"").append(pts).append("\"/>");
            }
            sb.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>", left + 8,
                    24 + 13 * k, color, esc(s)));
            k++;
        }
        return sb.append("</svg>").toString();
    }

    private static String spread(Results.Spread s, String f) {
        if (s == null) {
            return "-";
        }
        return fmt(f, s.median()) + " [" + fmt(f, s.min()) + "-" + fmt(f, s.max()) + "]";
    }

    private static String ratio(Results r, Workload w, String system, ToDoubleFunction<Driver.Sample> stat) {
        Double x = r.pairedRatio(w, system, MICRORAFT, stat);
        return x == null ? "-" : fmt("%.2f", x);
    }

    private static String fmt(String f, double v) {
        return String.format(Locale.ROOT, f, v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
