package lincheck.history;

import clojure.lang.IPersistentMap;
import clojure.lang.ISeq;
import clojure.lang.PersistentArrayMap;
import clojure.lang.RT;
import lincheck.edn.HistoryReader;
import lincheck.model.Model;

import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p>Ops are kept as a few parallel arrays, not as the op maps read (a million-op history would
 * need a gigabyte of maps): the map reported for an op is rebuilt from them, and only an op map
 * with keys beyond :process :type :f :value :index is kept as given (see {@link HistoryBuilder}).
 */
public final class History {
    public final int n;
    public final Object[] f;
    public final Object[] value;
    public final boolean[] ok;
    final long[] process;
    /** The :index of the op map to report: the :ok completion's, else the invoke's. */
    final long[] index;
    /** Report maps that could not be rebuilt from the arrays (extra keys), by op; usually empty. */
    final Map<Integer, IPersistentMap> kept;
    public final int[] events;

    History(int n, Object[] f, Object[] value, boolean[] ok, long[] process, long[] index,
            Map<Integer, IPersistentMap> kept, int[] events) {
        this.n = n;
        this.f = f;
        this.value = value;
        this.ok = ok;
        this.process = process;
        this.index = index;
        this.kept = kept;
        this.events = events;
    }

    public boolean isCall(int event) { return (events[event] & 1) == 0; }
    public int opOf(int event) { return events[event] >>> 1; }
    public int okCount() {
        int c = 0;
        for (boolean b : ok) if (b) c++;
        return c;
    }

    /** The op map to report for an op: its :ok completion, else its invoke (each with its :index). */
    public IPersistentMap reportOp(int op) {
        IPersistentMap m = kept.get(op);
        if (m != null) return m;
        // In Jepsen's key order, :value always present (even nil), as Jepsen writes ops.
        return new PersistentArrayMap(new Object[] {HistoryBuilder.PROCESS, process[op],
                HistoryBuilder.TYPE, ok[op] ? HistoryBuilder.OK : HistoryBuilder.INVOKE,
                HistoryBuilder.F, f[op], HistoryBuilder.VALUE, value[op], HistoryBuilder.INDEX, index[op]});
    }

    /** Preprocesses a sequence of op maps for {@code model}; input errors carry the op's line and column. */
    public static History of(Model model, Object rawOps) {
        HistoryBuilder b = new HistoryBuilder(model, null);
        for (ISeq s = RT.seq(rawOps); s != null; s = s.next()) {
            Object op = s.first();
            b.add(op, HistoryReader.line(op), HistoryReader.column(op));
        }
        return b.build();
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
        int[] ids = new int[n];
        Arrays.fill(ids, -1);
        int count = 0;
        int[] sub = new int[evs.size()];
        for (int i = 0; i < sub.length; i++) {
            int e = evs.get(i);
            sub[i] = events[e];
            if (isCall(e)) ids[opOf(e)] = count++;
        }
        return select(ids, count, sub, sub.length);
    }

    /**
     * The ops with {@code ids[op] >= 0}, numbered {@code ids[op]} (0..count-1, in op order), with
     * those of {@code evs[0..evCount)} (events encoded as in this history) that are theirs.
     */
    History select(int[] ids, int count, int[] evs, int evCount) {
        Object[] sf = new Object[count];
        Object[] sv = new Object[count];
        boolean[] sok = new boolean[count];
        long[] sp = new long[count];
        long[] si = new long[count];
        Map<Integer, IPersistentMap> sk = new HashMap<>();
        for (int op = 0; op < n; op++) {
            int id = ids[op];
            if (id < 0) continue;
            sf[id] = f[op];
            sv[id] = value[op];
            sok[id] = ok[op];
            sp[id] = process[op];
            si[id] = index[op];
            IPersistentMap m = kept.get(op);
            if (m != null) sk.put(id, m);
        }
        int[] out = new int[evCount];
        int k = 0;
        for (int j = 0; j < evCount; j++) {
            int id = ids[evs[j] >>> 1];
            if (id >= 0) out[k++] = id * 2 + (evs[j] & 1);
        }
        return new History(count, sf, sv, sok, sp, si, sk, k == evCount ? out : Arrays.copyOf(out, k));
    }
}
