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
        final long[] words;
        int fullWords;            // leading words with all 64 bits set
        int topWord;              // no bit set above this word
        long setHash;
        Model state;
        final HashSet<Key> cache = new HashSet<>();

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
            this.words = new long[(h.n + 63) / 64 + 1];
            this.state = initial;
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
            int w = op >>> 6;
            words[w] |= 1L << op;
            setHash ^= zobrist[op];
            if (w > topWord) topWord = w;
            while (words[fullWords] == -1L) fullWords++;
        }

        void clearBit(int op) {
            int w = op >>> 6;
            words[w] &= ~(1L << op);
            setHash ^= zobrist[op];
            if (w < fullWords) fullWords = w;
        }

        Key key(Model m) {
            while (topWord > 0 && words[topWord] == 0) topWord--;
            long[] tail = Arrays.copyOfRange(words, fullWords, Math.max(fullWords, topWord + 1));
            return new Key(fullWords, tail, m, setHash * 31 + m.hashCode());
        }

        Outcome search() {
            int[] opStack = new int[h.n];
            Model[] stateStack = new Model[h.n];
            int depth = 0;
            int remainingOk = h.okCount();
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
                    Model s2 = state.step(h.f[op], h.value[op]);
                    if (!s2.isInconsistent()) {
                        setBit(op);
                        if (cache.add(key(s2))) {
                            opStack[depth] = op;
                            stateStack[depth] = state;
                            depth++;
                            state = s2;
                            lift(op);
                            if (h.ok[op]) remainingOk--;
                            e = next[head];
                            continue;
                        }
                        clearBit(op);
                    }
                    e = next[e];
                } else {
                    noteFrontier(e, depth > 0 ? opStack[depth - 1] : -1);
                    if (depth == 0) return Outcome.invalid("wgl", failingOp, List.copyOf(frontier));
                    depth--;
                    int back = opStack[depth];
                    state = stateStack[depth];
                    stateStack[depth] = null;
                    clearBit(back);
                    unlift(back);
                    if (h.ok[back]) remainingOk++;
                    e = next[callEvent[back]];
                }
            }
            budget.steps.add(steps % POLL);
            return Outcome.valid("wgl", state);
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
