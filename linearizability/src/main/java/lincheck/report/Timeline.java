package lincheck.report;

import clojure.lang.IPersistentMap;
import clojure.lang.ISeq;
import clojure.lang.Keyword;
import clojure.lang.RT;
import lincheck.edn.Edn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A self-contained HTML page with an SVG timeline of a history: one lane per process, one bar per
 * op from invoke to completion, the failing op and the ops on the final paths highlighted, and
 * the op's maps shown on hover. Positions are the ops' places in the history, not wall time.
 */
public final class Timeline {
    private Timeline() {}

    private static final Keyword TYPE = Edn.kw("type");
    private static final Keyword PROCESS = Edn.kw("process");
    private static final Keyword F = Edn.kw("f");
    private static final Keyword VALUE = Edn.kw("value");
    private static final Keyword INDEX = Edn.kw("index");

    private static final int LANE = 30;
    private static final int LEFT = 70;
    private static final int TOP = 30;

    private static final class Bar {
        long process;
        int start;
        int end = -1;
        String kind = "open";
        IPersistentMap invoke;
        IPersistentMap completion;
        long invokeIndex;
        long completionIndex = -1;
    }

    public static String render(String title, Object rawHistory, IPersistentMap result) {
        List<Bar> bars = new ArrayList<>();
        Map<Long, Bar> open = new HashMap<>();
        int position = 0;
        for (ISeq s = RT.seq(rawHistory); s != null; s = s.next(), position++) {
            Object op = s.first();
            Object p = RT.get(op, PROCESS);
            if (!Edn.isInteger(p)) continue;
            long proc = ((Number) p).longValue();
            Object idx = RT.get(op, INDEX);
            long index = idx instanceof Number n ? n.longValue() : position;
            String type = RT.get(op, TYPE) instanceof Keyword k ? k.getName() : "?";
            if (type.equals("invoke")) {
                Bar b = new Bar();
                b.process = proc;
                b.start = position;
                b.invoke = (IPersistentMap) op;
                b.invokeIndex = index;
                bars.add(b);
                open.put(proc, b);
            } else {
                Bar b = open.remove(proc);
                if (b == null) continue;
                b.end = position;
                b.kind = type;
                b.completion = (IPersistentMap) op;
                b.completionIndex = index;
            }
        }
        int length = Math.max(position, 1);

        Object failing = result.valAt(ResultMap.OP);
        long failingIndex = RT.get(failing, INDEX) instanceof Number n ? n.longValue() : -1;
        Set<Long> onPaths = new HashSet<>();
        for (ISeq paths = RT.seq(result.valAt(ResultMap.FINAL_PATHS)); paths != null; paths = paths.next()) {
            for (ISeq steps = RT.seq(paths.first()); steps != null; steps = steps.next()) {
                Object i = RT.get(RT.get(steps.first(), ResultMap.OP), INDEX);
                if (i instanceof Number n) onPaths.add(n.longValue());
            }
        }

        TreeMap<Long, Integer> lanes = new TreeMap<>();
        for (Bar b : bars) lanes.putIfAbsent(b.process, 0);
        int lane = 0;
        for (Map.Entry<Long, Integer> e : lanes.entrySet()) e.setValue(lane++);
        double scale = Math.max(6, Math.min(48, 1400.0 / length));
        int width = (int) (LEFT + length * scale + 40);
        int height = TOP + lanes.size() * LANE + 20;

        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"timeline\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\">\n");
        for (Map.Entry<Long, Integer> e : lanes.entrySet()) {
            int y = TOP + e.getValue() * LANE;
            svg.append("<text class=\"lane-label\" x=\"6\" y=\"").append(y + 19).append("\">process ").append(e.getKey()).append("</text>\n");
            svg.append("<line class=\"lane\" x1=\"").append(LEFT).append("\" x2=\"").append(width - 20).append("\" y1=\"")
                    .append(y + LANE - 2).append("\" y2=\"").append(y + LANE - 2).append("\"/>\n");
        }
        int failingCount = 0;
        for (Bar b : bars) {
            int y = TOP + lanes.get(b.process) * LANE + 4;
            double x = LEFT + b.start * scale;
            double w = Math.max(scale * 0.6, ((b.end < 0 ? length : b.end) - b.start) * scale + scale * 0.6);
            boolean isFailing = failingIndex >= 0 && (b.completionIndex == failingIndex || (b.completion == null && b.invokeIndex == failingIndex));
            boolean onPath = onPaths.contains(b.completionIndex) || onPaths.contains(b.invokeIndex);
            StringBuilder cls = new StringBuilder("op ").append(b.kind);
            if (onPath) cls.append(" final-path");
            if (isFailing) { cls.append(" failing-op"); failingCount++; }
            Object shown = b.completion != null && "ok".equals(b.kind) ? b.completion : b.invoke;
            String label = name(RT.get(shown, F)) + " " + Edn.pr(RT.get(shown, VALUE));
            String details = "invoke: " + Edn.pr(b.invoke) + "\ncompletion: " + (b.completion == null ? "none" : Edn.pr(b.completion));
            svg.append(String.format("<g class=\"%s\" data-index=\"%d\" data-process=\"%d\" data-details=\"%s\">",
                    cls, b.completionIndex >= 0 ? b.completionIndex : b.invokeIndex, b.process, esc(details)));
            svg.append("<title>").append(esc(details)).append("</title>");
            svg.append(String.format("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"3\"/>", x, y, w, LANE - 10));
            if (w > 7 * label.length() * 0.8) {
                svg.append(String.format("<text x=\"%.1f\" y=\"%d\">%s</text>", x + 3, y + 14, esc(label)));
            }
            if (isFailing) {
                svg.append(String.format("<text class=\"marker\" x=\"%.1f\" y=\"%d\">&#x2716; not linearizable</text>", x, y - 1));
            }
            svg.append("</g>\n");
        }
        svg.append("</svg>\n");

        Object valid = result.valAt(ResultMap.VALID);
        String verdict = Boolean.TRUE.equals(valid) ? "linearizable" : Boolean.FALSE.equals(valid) ? "NOT linearizable" : "unknown";
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title)).append(" timeline</title>\n")
                .append("<style>\n").append(CSS).append("</style></head>\n<body>\n")
                .append("<h1>").append(esc(title)).append(": <span id=\"verdict\" class=\"")
                .append(Boolean.FALSE.equals(valid) ? "invalid" : "valid").append("\">").append(verdict).append("</span></h1>\n");
        if (failing != null) {
            html.append("<p id=\"failing-op\" data-index=\"").append(failingIndex).append("\">First op that cannot be linearized: <code>")
                    .append(esc(Edn.pr(failing))).append("</code></p>\n");
        }
        html.append("<p class=\"legend\"><span class=\"swatch ok\"></span>ok <span class=\"swatch info\"></span>info / no reply ")
                .append("<span class=\"swatch fail\"></span>fail <span class=\"swatch final-path\"></span>on a final path ")
                .append("<span class=\"swatch failing-op\"></span>failing op &mdash; hover an op for its maps</p>\n")
                .append("<div id=\"scroll\">").append(svg).append("</div>\n")
                .append("<pre id=\"details\">hover an op</pre>\n<p id=\"status\" data-failing-marked=\"").append(failingCount).append("\"></p>\n")
                .append("<script>\n").append(SCRIPT).append("</script>\n</body></html>\n");
        return html.toString();
    }

    private static String name(Object f) {
        return f instanceof Keyword k ? k.getName() : String.valueOf(f);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String CSS = """
            body { font-family: sans-serif; margin: 12px; }
            #scroll { overflow-x: auto; border: 1px solid #ccc; }
            .lane { stroke: #eee; }
            .lane-label { font-size: 12px; fill: #555; }
            .op rect { fill: #9fd39f; stroke: #3a7a3a; }
            .op.info rect, .op.open rect { fill: #f3d48b; stroke: #a07a1c; stroke-dasharray: 4 2; }
            .op.fail rect { fill: #ddd; stroke: #aaa; }
            .op.final-path rect { fill: #8fb8f0; stroke: #1f4f9a; stroke-width: 2; }
            .op.failing-op rect { fill: #f08080; stroke: #b00000; stroke-width: 3; }
            .op text { font-size: 11px; pointer-events: none; }
            .op .marker { fill: #b00000; font-weight: bold; }
            .op:hover rect { stroke: #000; stroke-width: 2; }
            .invalid { color: #b00000; } .valid { color: #2a7a2a; }
            .swatch { display: inline-block; width: 14px; height: 10px; margin: 0 3px 0 10px; border: 1px solid #666; }
            .swatch.ok { background: #9fd39f; } .swatch.info { background: #f3d48b; } .swatch.fail { background: #ddd; }
            .swatch.final-path { background: #8fb8f0; } .swatch.failing-op { background: #f08080; }
            #details { background: #f6f6f6; padding: 6px; white-space: pre-wrap; }
            """;

    private static final String SCRIPT = """
            const details = document.getElementById('details');
            document.querySelectorAll('#timeline .op').forEach(g => {
              g.addEventListener('mouseenter', () => { details.textContent = g.dataset.details; });
            });
            const failing = document.querySelector('#timeline .op.failing-op');
            const status = document.getElementById('status');
            if (failing) {
              details.textContent = failing.dataset.details;
              const box = failing.getBBox();
              document.getElementById('scroll').scrollLeft = Math.max(0, box.x - 300);
              status.textContent = 'failing op ' + failing.dataset.index + ' marked';
            } else {
              status.textContent = 'no failing op';
            }
            """;
}
