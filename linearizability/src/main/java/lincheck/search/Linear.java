package lincheck.search;

import lincheck.history.History;
import lincheck.model.Model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Knossos's just-in-time linearization: walk the history once, keeping every reachable
 * configuration (model state, ops called but not yet linearized). A call adds its op to every
 * configuration's pending set; an :ok return keeps the configurations that already linearized the
 * op, and for the others explores every order of pending ops that ends by linearizing it. The first
 * return that leaves no configuration is the failing op.
 */
public final class Linear implements Search {
    @Override
    public Outcome run(Model initial, History h, Budget budget) {
        try {
            return search(initial, h, budget);
        } catch (OutOfMemoryError e) {
            return Outcome.unknown("linear", Budget.Cause.OUT_OF_MEMORY);
        }
    }

    /** A configuration; lastOp is for the report only and not part of its identity. */
    private static final class Config {
        final Model state;
        final int[] pending; // sorted op ids
        final int lastOp;
        final int hash;

        Config(Model state, int[] pending, int lastOp) {
            this.state = state;
            this.pending = pending;
            this.lastOp = lastOp;
            this.hash = state.hashCode() * 31 + Arrays.hashCode(pending);
        }

        @Override public boolean equals(Object o) {
            return o instanceof Config c && c.hash == hash && Arrays.equals(c.pending, pending) && c.state.equals(state);
        }

        @Override public int hashCode() { return hash; }
    }

    private static Outcome search(Model initial, History h, Budget budget) {
        Reductions red = new Reductions(initial, h);
        List<Config> configs = new ArrayList<>(List.of(new Config(initial, new int[0], -1)));
        long steps = 0;
        for (int e = 0; e < h.events.length; e++) {
            int op = h.opOf(e);
            if (h.isCall(e)) {
                List<Config> next = new ArrayList<>(configs.size());
                for (Config c : configs) {
                    if (++steps % POLL == 0 && stop(budget) != null) return Outcome.unknown("linear", stop(budget));
                    // A read that fits the state now is linearized at once (see Reductions).
                    boolean fits = red.readOnly[op] && !c.state.step(h.f[op], h.value[op]).isInconsistent();
                    next.add(fits ? new Config(c.state, c.pending, op) : new Config(c.state, with(c.pending, op), c.lastOp));
                }
                configs = next;
                continue;
            }
            HashSet<Config> next = new HashSet<>();
            HashSet<Config> visited = new HashSet<>();
            ArrayDeque<Config> todo = new ArrayDeque<>();
            for (Config c : configs) {
                if (Arrays.binarySearch(c.pending, op) < 0) { next.add(c); continue; }
                todo.push(c);
                while (!todo.isEmpty()) {
                    Config x = todo.pop();
                    if (!visited.add(x)) continue;
                    if (++steps % POLL == 0) {
                        budget.steps.add(POLL);
                        Budget.Cause cause = budget.exhausted();
                        if (cause != null) return Outcome.unknown("linear", cause);
                    }
                    if (Arrays.binarySearch(x.pending, op) < 0) { next.add(x); continue; }
                    for (int q : x.pending) {
                        if (red.readOnly[q] || !red.mayLinearize(q, x.pending)) continue;
                        Model s2 = x.state.step(h.f[q], h.value[q]);
                        if (s2.isInconsistent()) continue;
                        Config y = red.settle(s2, without(x.pending, q), q);
                        if (q == op) next.add(y); else todo.push(y);
                    }
                }
            }
            if (next.isEmpty()) {
                List<Outcome.Config> frontier = new ArrayList<>();
                for (Config c : configs) {
                    if (frontier.size() >= MAX_CONFIGS) break;
                    frontier.add(new Outcome.Config(c.state, c.lastOp, c.pending));
                }
                return Outcome.invalid("linear", op, frontier);
            }
            configs = new ArrayList<>(next);
        }
        budget.steps.add(steps % POLL);
        return Outcome.valid("linear", configs.get(0).state);
    }

    private static Budget.Cause stop(Budget budget) {
        budget.steps.add(POLL);
        return budget.exhausted();
    }

    /**
     * Two reductions that keep the configuration sets small without changing the answer.
     *
     * <p>A pending read-only op that fits the current state is linearized at once: linearizing it
     * changes nothing, and leaving it pending only adds an obligation, so both configurations can
     * do exactly the same things. Configurations are kept in this settled form.
     *
     * <p>Ops without a completion that are identical (same :f and :value) are interchangeable, so
     * only the earliest-called pending one of each kind may be linearized.
     */
    static final class Reductions {
        final History h;
        final boolean[] readOnly;
        final int[] prevSame;

        Reductions(Model initial, History h) {
            this.h = h;
            this.readOnly = new boolean[h.n];
            this.prevSame = new int[h.n];
            java.util.HashMap<Object, Integer> lastOfKind = new java.util.HashMap<>();
            for (int i = 0; i < h.n; i++) {
                readOnly[i] = initial.readOnly(h.f[i], h.value[i]);
                prevSame[i] = -1;
                if (!h.ok[i]) {
                    Object kind = lincheck.edn.Edn.vec(h.f[i], h.value[i]);
                    Integer prev = lastOfKind.put(kind, i);
                    if (prev != null) prevSame[i] = prev;
                }
            }
        }

        boolean mayLinearize(int q, int[] pending) {
            return prevSame[q] < 0 || Arrays.binarySearch(pending, prevSame[q]) < 0;
        }

        Config settle(Model state, int[] pending, int lastOp) {
            int[] p = pending;
            for (int q : pending) {
                if (readOnly[q] && !state.step(h.f[q], h.value[q]).isInconsistent()) p = without(p, q);
            }
            return new Config(state, p, lastOp);
        }
    }

    static int[] with(int[] set, int x) {
        int i = Arrays.binarySearch(set, x);
        if (i >= 0) return set;
        int at = -i - 1;
        int[] r = new int[set.length + 1];
        System.arraycopy(set, 0, r, 0, at);
        r[at] = x;
        System.arraycopy(set, at, r, at + 1, set.length - at);
        return r;
    }

    static int[] without(int[] set, int x) {
        int i = Arrays.binarySearch(set, x);
        if (i < 0) return set;
        int[] r = new int[set.length - 1];
        System.arraycopy(set, 0, r, 0, i);
        System.arraycopy(set, i + 1, r, i, set.length - i - 1);
        return r;
    }
}
