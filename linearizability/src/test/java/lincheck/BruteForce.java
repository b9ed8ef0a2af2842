package lincheck;

import lincheck.history.History;
import lincheck.model.Model;

/**
 * The definition, searched naively: some order of a subset of ops containing every :ok op,
 * respecting real time (an op returned before another was called comes first), that the model
 * accepts. Only for tiny histories.
 */
final class BruteForce {
    private BruteForce() {}

    static boolean linearizable(Model initial, History h) {
        int[] callPos = new int[h.n];
        int[] retPos = new int[h.n];
        java.util.Arrays.fill(retPos, Integer.MAX_VALUE);
        for (int e = 0; e < h.events.length; e++) {
            if (h.isCall(e)) callPos[h.opOf(e)] = e; else retPos[h.opOf(e)] = e;
        }
        return search(initial, h, callPos, retPos, new boolean[h.n], h.okCount());
    }

    private static boolean search(Model state, History h, int[] callPos, int[] retPos, boolean[] done, int okLeft) {
        if (okLeft == 0) return true;
        for (int op = 0; op < h.n; op++) {
            if (done[op] || !minimal(op, h, callPos, retPos, done)) continue;
            Model next = state.step(h.f[op], h.value[op]);
            if (next.isInconsistent()) continue;
            done[op] = true;
            boolean found = search(next, h, callPos, retPos, done, okLeft - (h.ok[op] ? 1 : 0));
            done[op] = false;
            if (found) return true;
        }
        return false;
    }

    /** No op still to be placed returned before this one was called. */
    private static boolean minimal(int op, History h, int[] callPos, int[] retPos, boolean[] done) {
        for (int other = 0; other < h.n; other++) {
            if (!done[other] && other != op && retPos[other] < callPos[op]) return false;
        }
        return true;
    }
}
