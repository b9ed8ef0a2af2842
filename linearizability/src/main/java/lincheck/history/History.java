package lincheck.history;

import clojure.lang.IPersistentMap;
import clojure.lang.ISeq;
import clojure.lang.Keyword;
import clojure.lang.RT;
import lincheck.edn.Edn;
import lincheck.edn.HistoryReader;
import lincheck.model.Model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A history after Knossos's preprocessing: ops of non-integer processes dropped, each invoke paired
 * with its completion, its value completed from an :ok, :fail ops removed, :info and unanswered
 * invokes kept as ops that may take effect any time after their invoke, or never.
 *
 * <p>Ops are numbered 0..n-1 in invoke order; {@link #events} lists calls and :ok returns in
 * history order, encoded as {@code op * 2} for a call and {@code op * 2 + 1} for a return.
 */
public final class History {
    static final Keyword TYPE = Edn.kw("type");
    static final Keyword PROCESS = Edn.kw("process");
    static final Keyword F = Edn.kw("f");
    static final Keyword VALUE = Edn.kw("value");
    static final Keyword INDEX = Edn.kw("index");
    static final Keyword INVOKE = Edn.kw("invoke");
    static final Keyword OK = Edn.kw("ok");
    static final Keyword FAIL = Edn.kw("fail");
    static final Keyword INFO = Edn.kw("info");

    public final int n;
    public final Object[] f;
    public final Object[] value;
    public final boolean[] ok;
    public final long[] process;
    /** The invoke as given (with :index), and its :ok or :info completion, or null. */
    public final IPersistentMap[] invoke;
    public final IPersistentMap[] completion;
    public final int[] events;
    /** Client ops of the input (before dropping :fail ops), for the timeline. */
    public final int clientOps;

    private History(List<Pending> ops, int[] events, int clientOps) {
        this.n = ops.size();
        this.f = new Object[n];
        this.value = new Object[n];
        this.ok = new boolean[n];
        this.process = new long[n];
        this.invoke = new IPersistentMap[n];
        this.completion = new IPersistentMap[n];
        for (int i = 0; i < n; i++) {
            Pending p = ops.get(i);
            f[i] = p.f;
            value[i] = p.value;
            ok[i] = p.ok;
            process[i] = p.process;
            invoke[i] = p.invoke;
            completion[i] = p.completion;
        }
        this.events = events;
        this.clientOps = clientOps;
    }

    public boolean isCall(int event) { return (events[event] & 1) == 0; }
    public int opOf(int event) { return events[event] >>> 1; }
    public int okCount() {
        int c = 0;
        for (boolean b : ok) if (b) c++;
        return c;
    }

    /** The op map to report for an op: its :ok completion, else its invoke. */
    public IPersistentMap reportOp(int op) {
        return ok[op] ? completion[op] : invoke[op];
    }

    private static final class Pending {
        final long process;
        final IPersistentMap invoke;
        final Object f;
        Object value;
        boolean ok;
        boolean failed;
        IPersistentMap completion;
        int id = -1;

        Pending(long process, IPersistentMap invoke) {
            this.process = process;
            this.invoke = invoke;
            this.f = invoke.valAt(F);
            this.value = invoke.valAt(VALUE);
        }
    }

    /** Preprocesses a sequence of op maps for {@code model}; input errors carry the op's line and column. */
    public static History of(Model model, Object rawOps) {
        Map<Long, Pending> open = new HashMap<>();
        List<Object[]> order = new ArrayList<>(); // {Pending, isReturn}
        int position = 0;
        int clientOps = 0;
        for (ISeq s = RT.seq(rawOps); s != null; s = s.next(), position++) {
            Object raw = s.first();
            if (!(raw instanceof IPersistentMap m)) {
                throw new InputException(null, 0, 0, "op " + position + " is not a map: " + Edn.pr(raw));
            }
            Object proc = m.valAt(PROCESS);
            if (!Edn.isInteger(proc)) continue; // :nemesis and other non-client processes
            clientOps++;
            if (m.valAt(INDEX) == null) m = (IPersistentMap) ((IPersistentMap) m.assoc(INDEX, (long) position));
            long p = ((Number) proc).longValue();
            Object type = m.valAt(TYPE);
            if (type == INVOKE) {
                Pending prior = open.get(p);
                if (prior != null) {
                    throw error(m, "process " + p + " invoked " + Edn.pr(m.valAt(F)) + " while its invoke at line "
                            + HistoryReader.line(prior.invoke) + " (" + Edn.pr(prior.invoke.valAt(F)) + ") has no completion yet");
                }
                checkShape(model, m, m.valAt(F), m.valAt(VALUE));
                Pending op = new Pending(p, m);
                open.put(p, op);
                order.add(new Object[] {op, false});
            } else if (type == OK || type == FAIL || type == INFO) {
                Pending op = open.remove(p);
                if (op == null) {
                    if (type == INFO) continue; // a crash report with nothing in flight
                    throw error(m, "process " + p + " completed (" + Edn.pr(type) + ") without an invoke");
                }
                op.completion = m;
                if (type == OK) {
                    op.ok = true;
                    op.value = m.valAt(VALUE);
                    checkShape(model, m, op.f, op.value);
                    order.add(new Object[] {op, true});
                } else if (type == FAIL) {
                    op.failed = true;
                }
            } else {
                throw error(m, "unknown :type " + Edn.pr(type) + "; expected :invoke, :ok, :fail or :info");
            }
        }
        // Number the surviving ops in invoke order; indeterminate read-only ops constrain nothing.
        List<Pending> ops = new ArrayList<>();
        for (Object[] e : order) {
            Pending op = (Pending) e[0];
            if ((Boolean) e[1] || op.failed) continue;
            if (!op.ok && model.readOnly(op.f, op.value)) continue;
            op.id = ops.size();
            ops.add(op);
        }
        int[] events = new int[order.size()];
        int k = 0;
        for (Object[] e : order) {
            Pending op = (Pending) e[0];
            if (op.id < 0) continue;
            events[k++] = op.id * 2 + ((Boolean) e[1] ? 1 : 0);
        }
        return new History(ops, java.util.Arrays.copyOf(events, k), clientOps);
    }

    private static void checkShape(Model model, IPersistentMap m, Object f, Object value) {
        String problem = model.checkOp(f, value);
        if (problem != null) throw error(m, problem);
    }

    private static InputException error(IPersistentMap op, String detail) {
        return new InputException(null, HistoryReader.line(op), HistoryReader.column(op), detail);
    }

    /**
     * P-compositionality: when every op names a single key, the sub-histories by key, in first-seen
     * order; null when the model is not keyed or some op spans keys.
     */
    public Map<Object, History> splitByKey(Model model) {
        Object[] keys = new Object[n];
        for (int i = 0; i < n; i++) {
            keys[i] = model.keyOf(f[i], value[i]);
            if (keys[i] == null) return null;
        }
        Map<Object, List<Integer>> eventsByKey = new LinkedHashMap<>();
        for (int e = 0; e < events.length; e++) {
            eventsByKey.computeIfAbsent(keys[opOf(e)], x -> new ArrayList<>()).add(e);
        }
        Map<Object, History> parts = new LinkedHashMap<>();
        for (Map.Entry<Object, List<Integer>> en : eventsByKey.entrySet()) parts.put(en.getKey(), subHistory(en.getValue()));
        return parts;
    }

    private History subHistory(List<Integer> evs) {
        List<Pending> ops = new ArrayList<>();
        int[] ids = new int[n];
        java.util.Arrays.fill(ids, -1);
        int[] out = new int[evs.size()];
        int k = 0;
        for (int e : evs) {
            int op = opOf(e);
            if (isCall(e)) {
                Pending p = new Pending(process[op], invoke[op]);
                p.value = value[op];
                p.ok = ok[op];
                p.completion = completion[op];
                ids[op] = ops.size();
                ops.add(p);
            }
            out[k++] = ids[op] * 2 + (isCall(e) ? 0 : 1);
        }
        return new History(ops, out, evs.size());
    }
}
