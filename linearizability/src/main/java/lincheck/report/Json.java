package lincheck.report;

import clojure.lang.IPersistentMap;
import clojure.lang.ISeq;
import clojure.lang.Keyword;
import clojure.lang.RT;
import clojure.lang.Ratio;
import lincheck.edn.Edn;

import java.util.Collection;
import java.util.Map;

/** Writes EDN data as JSON: keywords become their names, sets and vectors arrays, other map keys their EDN text. */
public final class Json {
    private Json() {}

    public static String write(Object x) {
        StringBuilder sb = new StringBuilder();
        write(sb, x);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object x) {
        if (x == null) sb.append("null");
        else if (x instanceof Boolean || x instanceof Long || x instanceof Integer || x instanceof Short
                || x instanceof Byte || x instanceof java.math.BigInteger || x instanceof clojure.lang.BigInt) sb.append(x);
        else if (x instanceof Double d) sb.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
        else if (x instanceof Number n) sb.append(n instanceof Ratio r ? Double.toString(r.doubleValue()) : n.toString());
        else if (x instanceof Keyword k) string(sb, k.getNamespace() == null ? k.getName() : k.getNamespace() + "/" + k.getName());
        else if (x instanceof CharSequence || x instanceof Character) string(sb, x.toString());
        else if (x instanceof IPersistentMap || x instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (ISeq s = RT.seq(x); s != null; s = s.next()) {
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) s.first();
                if (!first) sb.append(',');
                first = false;
                Object k = e.getKey();
                string(sb, k instanceof Keyword kw ? (kw.getNamespace() == null ? kw.getName() : kw.getNamespace() + "/" + kw.getName())
                        : k instanceof String str ? str : Edn.pr(k));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (x instanceof Collection || x instanceof ISeq) {
            sb.append('[');
            boolean first = true;
            for (ISeq s = RT.seq(x); s != null; s = s.next()) {
                if (!first) sb.append(',');
                first = false;
                write(sb, s.first());
            }
            sb.append(']');
        } else string(sb, Edn.pr(x));
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
