package lincheck.history;

import lincheck.edn.InputException;

import clojure.lang.IPersistentMap;
import clojure.lang.Keyword;
import clojure.lang.Util;
import lincheck.edn.Edn;
import lincheck.model.Model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds a {@link History} from op maps given one at a time, as a file is read, so a huge history
 * never exists as a vector of maps: each op leaves a few array slots and its value behind.
 */
public final class HistoryBuilder {
    static final Keyword TYPE = Edn.kw("type");
    static final Keyword PROCESS = Edn.kw("process");
    static final Keyword F = Edn.kw("f");
    static final Keyword VALUE = Edn.kw("value");
    static final Keyword INDEX = Edn.kw("index");
    static final Keyword INVOKE = Edn.kw("invoke");
    static final Keyword OK = Edn.kw("ok");
    static final Keyword FAIL = Edn.kw("fail");
    static final Keyword INFO = Edn.kw("info");
    private static final Keyword[] PLAIN_KEYS = {PROCESS, TYPE, F, VALUE, INDEX};

    private static final byte OPEN = 0;
    private static final byte DONE_OK = 1;
    private static final byte FAILED = 2;
    private static final byte CRASHED = 3;
    /** Ops between two calls of the checkpoint (a time or memory limit may stop a long read). */
    private static final int CHECKPOINT_EVERY = 4096;

    private final Model model;
    private final Runnable checkpoint;
    // By invoke, in invoke order (before :fail and dropped ops are taken out).
    private int count;
    private long[] process = new long[64];
    private Object[] f = new Object[64];
    private Object[] value = new Object[64];
    private byte[] state = new byte[64];
    private long[] index = new long[64];
    private final Map<Integer, IPersistentMap> kept = new HashMap<>();
    private int[] events = new int[128];
    private int eventCount;
    private final Map<Long, Open> open = new HashMap<>();
    private long position;

    private record Open(int id, int line) {}

    /** {@code checkpoint} (may be null) runs every few thousand ops and may throw to stop the build. */
    public HistoryBuilder(Model model, Runnable checkpoint) {
        this.model = model;
        this.checkpoint = checkpoint;
    }

    /** Adds the next raw op (as read, at {@code line}:{@code column}; 0 when unknown). */
    public void add(Object raw, int line, int column) {
        long pos = position++;
        if (checkpoint != null && pos % CHECKPOINT_EVERY == CHECKPOINT_EVERY - 1) checkpoint.run();
        if (!(raw instanceof IPersistentMap m)) {
            throw new InputException(null, line, column, "op " + pos + " is not a map: " + Edn.pr(raw));
        }
        Object proc = m.valAt(PROCESS);
        if (!Edn.isInteger(proc)) return; // :nemesis and other non-client processes
        long p = ((Number) proc).longValue();
        Object idx = m.valAt(INDEX);
        long opIndex = idx instanceof Number n && Edn.isInteger(idx) ? n.longValue() : pos;
        Object type = m.valAt(TYPE);
        if (type == INVOKE) {
            Open prior = open.get(p);
            if (prior != null) {
                throw new InputException(null, line, column, "process " + p + " invoked " + Edn.pr(m.valAt(F))
                        + " while its invoke at line " + prior.line + " (" + Edn.pr(f[prior.id]) + ") has no completion yet");
            }
            checkShape(m.valAt(F), m.valAt(VALUE), line, column);
            int id = newOp(p, m.valAt(F), m.valAt(VALUE), opIndex);
            if (!plain(m, proc, idx, null)) kept.put(id, withIndex(m, idx, opIndex));
            open.put(p, new Open(id, line));
            event(id * 2);
        } else if (type == OK || type == FAIL || type == INFO) {
            Open o = open.remove(p);
            if (o == null) {
                if (type == INFO) return; // a crash report with nothing in flight
                throw new InputException(null, line, column, "process " + p + " completed (" + Edn.pr(type) + ") without an invoke");
            }
            int id = o.id;
            if (type == OK) {
                Object v = m.valAt(VALUE);
                checkShape(f[id], v, line, column);
                state[id] = DONE_OK;
                value[id] = v;
                index[id] = opIndex;
                if (plain(m, proc, idx, f[id])) kept.remove(id); else kept.put(id, withIndex(m, idx, opIndex));
                event(id * 2 + 1);
            } else {
                state[id] = type == FAIL ? FAILED : CRASHED;
            }
        } else {
            throw new InputException(null, line, column, "unknown :type " + Edn.pr(type) + "; expected :invoke, :ok, :fail or :info");
        }
    }

    /** True when the map can be rebuilt from the arrays: the usual keys (with :value), a Long process and index. */
    private static boolean plain(IPersistentMap m, Object proc, Object idx, Object invokeF) {
        if (!(proc instanceof Long) || (idx != null && !(idx instanceof Long))) return false;
        if (invokeF != null && !Util.equiv(invokeF, m.valAt(F))) return false;
        int known = 0;
        for (Keyword k : PLAIN_KEYS) if (m.containsKey(k)) known++;
        return known == m.count() && m.containsKey(VALUE);
    }

    private static IPersistentMap withIndex(IPersistentMap m, Object idx, long opIndex) {
        IPersistentMap noMeta = m instanceof clojure.lang.IObj o && o.meta() != null ? (IPersistentMap) o.withMeta(null) : m;
        return idx != null ? noMeta : (IPersistentMap) noMeta.assoc(INDEX, opIndex);
    }

    private void checkShape(Object opF, Object v, int line, int column) {
        String problem = model.checkOp(opF, v);
        if (problem != null) throw new InputException(null, line, column, problem);
    }

    private int newOp(long p, Object opF, Object v, long opIndex) {
        if (count == process.length) {
            int size = count * 2;
            process = Arrays.copyOf(process, size);
            f = Arrays.copyOf(f, size);
            value = Arrays.copyOf(value, size);
            state = Arrays.copyOf(state, size);
            index = Arrays.copyOf(index, size);
        }
        process[count] = p;
        f[count] = opF;
        value[count] = v;
        index[count] = opIndex;
        return count++;
    }

    private void event(int e) {
        if (eventCount == events.length) events = Arrays.copyOf(events, eventCount * 2);
        events[eventCount++] = e;
    }

    /** Numbers the surviving ops in invoke order; indeterminate read-only ops constrain nothing. */
    public History build() {
        int[] ids = new int[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            boolean drop = state[i] == FAILED || (state[i] != DONE_OK && model.readOnly(f[i], value[i]));
            ids[i] = drop ? -1 : n++;
        }
        boolean[] ok = new boolean[count];
        for (int i = 0; i < count; i++) ok[i] = state[i] == DONE_OK;
        // Every op read, as read (arrays longer than count are fine: only 0..count-1 is looked at).
        History all = new History(count, f, value, ok, process, index, kept, events);
        return all.select(ids, n, events, eventCount);
    }
}
