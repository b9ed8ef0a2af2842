package raft.jepsen;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's history in Jepsen's shape: every client operation as an :invoke and its
 * completion (:ok, :fail, or :info when the outcome is unknown), plus the nemesis's
 * :info operations under process :nemesis. Times are nanoseconds since the run began.
 */
final class History {

    /** process is an Integer for clients, the String "nemesis" for the nemesis. value is an EDN-ready value. */
    record Op(long index, String type, Object process, String f, Object value, long time, String error) {
        boolean client() {
            return process instanceof Integer;
        }
    }

    private final long origin = System.nanoTime();
    private final List<Op> ops = new ArrayList<>();

    synchronized Op add(String type, Object process, String f, Object value, String error) {
        Op op = new Op(ops.size(), type, process, f, value, System.nanoTime() - origin, error);
        ops.add(op);
        return op;
    }

    long now() {
        return System.nanoTime() - origin;
    }

    synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    /** One op map per line, as Jepsen's history.edn. */
    void writeEdn(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Op op : ops()) {
                w.write(edn(op));
                w.write('\n');
            }
        }
    }

    static String edn(Op op) {
        StringBuilder sb = new StringBuilder("{:type :").append(op.type())
                .append(", :f :").append(op.f())
                .append(", :value ");
        value(sb, op.value());
        sb.append(", :process ");
        if (op.process() instanceof Integer) {
            sb.append(op.process());
        } else {
            sb.append(':').append(op.process());
        }
        sb.append(", :time ").append(op.time()).append(", :index ").append(op.index());
        if (op.error() != null) {
            sb.append(", :error ");
            value(sb, op.error());
        }
        return sb.append('}').toString();
    }

    static void value(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("nil");
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                value(sb, l.get(i));
            }
            sb.append(']');
        } else {
            String s = v.toString();
            sb.append('"');
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    sb.append('\\');
                }
                sb.append(c == '\n' ? ' ' : c);
            }
            sb.append('"');
        }
    }
}
