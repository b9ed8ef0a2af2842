package lincheck.search;

import lincheck.history.History;
import lincheck.model.Model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Wing and Gong's depth-first search with Lowe's memoization. The history is a doubly linked list
 * of call and return events; linearizing an op lifts both its events out of the list, and a
 * (linearized set, model state) pair already explored is never explored again.
 *
 * <p>Ops without an :ok (crashed or unanswered) have no return event: they may be linearized at any
 * point after their call, and the search succeeds once every return has been passed.
 *
 * <p>The failing op reported is the return furthest into the history at which the search had to
 * backtrack: there every configuration died, which is the op Knossos's breadth-first search names.
 */
public final class Wgl implements Search {
    @Override
    public Outcome run(Model initial, History h, Budget budget) {
        try {
            return new Run(initial, h, budget).search();
        } catch (OutOfMemoryError e) {
            return Outcome.unknown("wgl", Budget.Cause.OUT_OF_MEMORY);
        }
    }

    private static final class Run {
        final History h;
        final Budget budget;
        final int events;
        final int head;           // sentinel: index == events
        final int[] next;
        final int[] prev;
        final int[] callEvent;
        final int[] returnEvent;
        final long[] zobrist;
        final Bits all;           // every linearized op
        final Bits completed;     // linearized ops that have an :ok (no crashed ones)
        int infoLinearized;
        Model state;
        final HashSet<Key> cache = new HashSet<>();
        final Linear.Reductions reductions;

        int furthestReturn = -1;
        int failingOp = -1;
        final List<Outcome.Config> frontier = new ArrayList<>();
        final HashSet<List<Object>> frontierSeen = new HashSet<>();

        Run(Model initial, History h, Budget budget) {
            this.h = h;
            this.budget = budget;
            this.events = h.events.length;
            this.head = events;
            this.next = new int[events + 1];
            this.prev = new int[events + 1];
            this.callEvent = new int[h.n];
            this.returnEvent = new int[h.n];
            Arrays.fill(returnEvent, -1);
            for (int e = 0; e < events; e++) {
                if (h.isCall(e)) callEvent[h.opOf(e)] = e; else returnEvent[h.opOf(e)] = e;
            }
            // Circular list through the sentinel: next[last] == head means the end.
            int last = head;
            for (int e = 0; e < events; e++) {
                next[last] = e;
                prev[e] = last;
                last = e;
            }
            next[last] = head;
            prev[head] = last;
            this.zobrist = new long[h.n];
            SplittableRandom rnd = new SplittableRandom(0x5eed);
            for (int i = 0; i < h.n; i++) zobrist[i] = rnd.nextLong();
            this.all = new Bits(h.n, zobrist);
            this.completed = new Bits(h.n, zobrist);
            this.state = initial;
            this.reductions = new Linear.Reductions(initial, h);
        }

        /** Identical ops without completion are interchangeable: take them in call order. */
        boolean symmetric(int op) {
            int prev = reductions.prevSame[op];
            return prev >= 0 && !all.get(prev);
        }

        void unlink(int e) {
            next[prev[e]] = next[e];
            prev[next[e]] = prev[e];
        }

        void relink(int e) {
            next[prev[e]] = e;
            prev[next[e]] = e;
        }

        void lift(int op) {
            unlink(callEvent[op]);
            if (returnEvent[op] >= 0) unlink(returnEvent[op]);
        }

        void unlift(int op) {
            if (returnEvent[op] >= 0) relink(returnEvent[op]);
            relink(callEvent[op]);
        }

        void setBit(int op) {
            all.set(op);
            if (h.ok[op]) completed.set(op); else infoLinearized++;
        }

        void clearBit(int op) {
            all.clear(op);
            if (h.ok[op]) completed.clear(op); else infoLinearized--;
        }

        /**
         * Memoizes the settled configuration; false when it, or a configuration that dominates it,
         * was seen. Crashed ops are optional, so the same state reached without any of them
         * linearized can do everything this one can: that one is looked up too.
         */
        boolean firstVisit() {
            if (infoLinearized > 0 && cache.contains(completed.key(state))) return false;
            return cache.add(all.key(state));
        }

        int[] opStack;
        Model[] stateStack;
        boolean[] eagerStack;
        int depth;
        int remainingOk;

        void push(int op, boolean eager, Model next) {
            opStack[depth] = op;
            stateStack[depth] = state;
            eagerStack[depth] = eager;
            depth++;
            state = next;
            setBit(op);
            lift(op);
            if (h.ok[op]) remainingOk--;
        }

        /** Undoes the top entry; returns its op. */
        int pop() {
            depth--;
            int op = opStack[depth];
            state = stateStack[depth];
            stateStack[depth] = null;
            clearBit(op);
            unlift(op);
            if (h.ok[op]) remainingOk++;
            return op;
        }

        /**
         * Settles the configuration: every read-only op that may be linearized now (called before
         * the first remaining return) and fits the state is linearized at once. Such a read changes
         * nothing and leaving it pending only adds an obligation, so the settled configuration is
         * equivalent, and memoizing settled configurations collapses many equivalent ones.
         */
        void settle() {
            for (int e = next[head]; e != head && h.isCall(e); e = next[e]) {
                int q = h.opOf(e);
                if (reductions.readOnly[q] && !state.step(h.f[q], h.value[q]).isInconsistent()) push(q, true, state);
            }
        }

        /** Pops eager reads, then the decision under them; returns the decision's op, or -1 if none is left. */
        int backtrack() {
            while (depth > 0 && eagerStack[depth - 1]) pop();
            return depth == 0 ? -1 : pop();
        }

        Outcome search() {
            opStack = new int[h.n];
            stateStack = new Model[h.n];
            eagerStack = new boolean[h.n];
            remainingOk = h.okCount();
            settle();
            int e = next[head];
            long steps = 0;
            while (remainingOk > 0) {
                if (++steps % POLL == 0) {
                    budget.steps.add(POLL);
                    Budget.Cause cause = budget.exhausted();
                    if (cause != null) return Outcome.unknown("wgl", cause);
                }
                if (e == head) break; // unreachable while an :ok op is unlinearized; kept as a guard
                int op = h.opOf(e);
                if (h.isCall(e)) {
                    Model s2 = symmetric(op) ? null : state.step(h.f[op], h.value[op]);
                    if (s2 != null && !s2.isInconsistent()) {
                        push(op, false, s2);
                        settle();
                        if (firstVisit()) {
                            e = next[head];
                            continue;
                        }
                        backtrack();
                    }
                    e = next[e];
                } else {
                    noteFrontier(e, lastDecision());
                    int back = backtrack();
                    if (back < 0) return Outcome.invalid("wgl", failingOp, List.copyOf(frontier));
                    e = next[callEvent[back]];
                }
            }
            budget.steps.add(steps % POLL);
            return Outcome.valid("wgl", state);
        }

        int lastDecision() {
            return depth > 0 ? opStack[depth - 1] : -1;
        }

        void noteFrontier(int e, int lastOp) {
            if (e < furthestReturn) return;
            if (e > furthestReturn) {
                furthestReturn = e;
                failingOp = h.opOf(e);
                frontier.clear();
                frontierSeen.clear();
            }
            if (frontier.size() >= MAX_CONFIGS) return;
            int[] pending = pendingBefore(e);
            if (frontierSeen.add(List.of(state, Arrays.hashCode(pending)))) {
                frontier.add(new Outcome.Config(state, lastOp, pending));
            }
        }

        int[] pendingBefore(int stop) {
            int[] out = new int[8];
            int k = 0;
            for (int e = next[head]; e != head && k < 64; e = next[e]) {
                if (e == stop) break; // every event before the first return is a call
                if (k == out.length) out = Arrays.copyOf(out, k * 2);
                out[k++] = h.opOf(e);
            }
            int[] r = Arrays.copyOf(out, k);
            Arrays.sort(r);
            return r;
        }
    }

    /** A set of op ids with an incremental hash, and compact memo keys (most of it is a full prefix). */
    private static final class Bits {
        final long[] words;
        final long[] zobrist;
        int fullWords;            // leading words with all 64 bits set
        int topWord;              // no bit set above this word
        long hash;

        Bits(int n, long[] zobrist) {
            this.words = new long[(n + 63) / 64 + 1];
            this.zobrist = zobrist;
        }

        boolean get(int op) { return (words[op >>> 6] & (1L << op)) != 0; }

        void set(int op) {
            int w = op >>> 6;
            words[w] |= 1L << op;
            hash ^= zobrist[op];
            if (w > topWord) topWord = w;
            while (words[fullWords] == -1L) fullWords++;
        }

        void clear(int op) {
            int w = op >>> 6;
            words[w] &= ~(1L << op);
            hash ^= zobrist[op];
            if (w < fullWords) fullWords = w;
        }

        Key key(Model m) {
            while (topWord > 0 && words[topWord] == 0) topWord--;
            long[] tail = Arrays.copyOfRange(words, fullWords, Math.max(fullWords, topWord + 1));
            return new Key(fullWords, tail, m, hash * 31 + m.hashCode());
        }
    }

    /** A memo entry: the linearized set as (count of full leading words, remaining words) plus the state. */
    private record Key(int fullWords, long[] tail, Model state, long hash) {
        @Override public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.fullWords == fullWords
                    && Arrays.equals(k.tail, tail) && Objects.equals(k.state, state);
        }

        @Override public int hashCode() {
            return Long.hashCode(hash);
        }
    }
}
