package lincheck.bench;

import clojure.lang.IPersistentMap;
import clojure.lang.IPersistentVector;
import clojure.lang.Keyword;
import clojure.lang.PersistentVector;
import lincheck.edn.Edn;
import lincheck.model.Conventions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Random concurrent executions of each model, recorded as Jepsen histories. Each op takes effect
 * on a real sequential object at a random moment between its invoke and its completion, so the
 * history is linearizable by construction; {@link #corrupt} then changes one observed value.
 */
public final class Generator {
    private static final Keyword INVOKE = Edn.kw("invoke");
    private static final Keyword OK = Edn.kw("ok");
    private static final Keyword FAIL = Edn.kw("fail");
    private static final Keyword INFO = Edn.kw("info");
    static final Keyword TYPE = Edn.kw("type");
    static final Keyword PROCESS = Edn.kw("process");
    static final Keyword F = Edn.kw("f");
    static final Keyword VALUE = Edn.kw("value");

    private final String model;
    private final Random rnd;
    private final int values;
    // The sequential object, kept in plain Java collections.
    private Object register = 0L;
    private boolean locked;
    private final TreeMap<Object, Object> registers = new TreeMap<>();
    private final java.util.TreeSet<Long> set = new java.util.TreeSet<>();
    private final ArrayDeque<Long> queue = new ArrayDeque<>();
    private final List<Long> bag = new ArrayList<>();
    private long nextElement;
    /** Whose conventions the recorded values follow (what an absent key reads, whether nil is a value). */
    private Conventions conventions = Conventions.DEFAULT;

    public Generator(String model, long seed, int values) {
        this.model = model;
        this.rnd = new Random(seed);
        this.values = values;
        if (model.equals("multi-register")) { registers.put(Edn.kw("x"), 0L); registers.put(Edn.kw("y"), 0L); }
    }

    /**
     * Record values by {@code c}: kv gets of absent keys read {@code c.absent()}; with nil reads as
     * values, registers are sometimes written nil and a corrupted read may read nil.
     */
    public Generator withConventions(Conventions c) {
        this.conventions = c;
        return this;
    }

    /** The initial value (EDN) this generator's object starts from. */
    public static String initFor(String model) {
        return switch (model) {
            case "register", "cas-register" -> "0";
            case "multi-register" -> "{:x 0 :y 0}";
            case "kv" -> "{}";
            default -> "nil";
        };
    }

    private static final class Running {
        final int process;
        final Keyword f;
        final Object invokeValue;
        boolean applied;
        boolean failed;
        Object result;

        Running(int process, Keyword f, Object invokeValue) {
            this.process = process;
            this.f = f;
            this.invokeValue = invokeValue;
        }
    }

    /**
     * {@code ops} invocations over {@code processes} processes; {@code crashRate} of them end :info
     * (having taken effect or not). {@code keys} keys for kv.
     */
    public List<IPersistentMap> history(int ops, int processes, double crashRate, int keys) {
        List<IPersistentMap> out = new ArrayList<>();
        history(ops, processes, crashRate, keys, out::add);
        return out;
    }

    /** As {@link #history(int, int, double, int)}, handing each op to {@code out} as it happens (for huge histories). */
    public void history(int ops, int processes, double crashRate, int keys, java.util.function.Consumer<IPersistentMap> out) {
        Map<Integer, Running> running = new HashMap<>();
        int invoked = 0;
        int nextProcess = processes;
        int[] procIds = new int[processes];
        for (int i = 0; i < processes; i++) procIds[i] = i;
        while (invoked < ops || !running.isEmpty()) {
            int slot = rnd.nextInt(processes);
            int p = procIds[slot];
            Running r = running.get(p);
            if (r == null) {
                if (invoked >= ops) continue;
                r = invoke(p, keys);
                running.put(p, r);
                invoked++;
                out.accept(op(INVOKE, p, r.f, r.invokeValue));
            } else if (!r.applied) {
                apply(r);
                r.applied = true;
            } else if (rnd.nextInt(3) > 0) {
                running.remove(p);
                // An unordered dequeue of unknown value would need a nondeterministic model: never crash one.
                boolean crashable = !(model.equals("unordered-queue") && r.f.getName().equals("dequeue"));
                if (crashable && rnd.nextDouble() < crashRate) {
                    out.accept(op(INFO, p, r.f, r.invokeValue));
                    procIds[slot] = nextProcess++; // a crashed process never comes back, as in Jepsen
                } else {
                    out.accept(op(r.failed ? FAIL : OK, p, r.f, r.failed ? r.invokeValue : r.result));
                }
            }
            // A crashed op may also never take effect: complete it as :info before applying.
            if (r != null && !r.applied && rnd.nextDouble() < crashRate / 4 && running.get(p) == r) {
                running.remove(p);
                out.accept(op(INFO, p, r.f, r.invokeValue));
                procIds[slot] = nextProcess++;
            }
        }
    }

    /** Writes a generated history to {@code file}, one op per line, never holding it in memory. */
    public void write(java.nio.file.Path file, int ops, int processes, double crashRate, int keys) throws java.io.IOException {
        try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(file)) {
            history(ops, processes, crashRate, keys, op -> {
                try {
                    w.write(Edn.pr(op));
                    w.write('\n');
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static IPersistentMap op(Keyword type, int p, Keyword f, Object value) {
        return Edn.map(PROCESS, (long) p, TYPE, type, F, f, VALUE, value);
    }

    private long v() { return rnd.nextInt(values); }

    /** A register value: sometimes nil when nil reads are values (else nil only means "unknown"). */
    private Object rv() {
        return nilValues() && rnd.nextInt(values + 1) == 0 ? null : (Object) v();
    }

    private boolean nilValues() { return conventions.nilRead() == Conventions.NilRead.VALUE; }

    private Running invoke(int p, int keys) {
        int dice = rnd.nextInt(10);
        switch (model) {
            case "register":
                return dice < 5 ? new Running(p, Edn.kw("read"), null) : new Running(p, Edn.kw("write"), rv());
            case "cas-register":
                if (dice < 4) return new Running(p, Edn.kw("read"), null);
                if (dice < 7) return new Running(p, Edn.kw("write"), rv());
                return new Running(p, Edn.kw("cas"), Edn.vec(rv(), rv()));
            case "mutex":
                return new Running(p, Edn.kw(dice < 5 ? "acquire" : "release"), null);
            case "multi-register": {
                List<Object> txn = new ArrayList<>();
                int n = 1 + rnd.nextInt(2);
                for (int i = 0; i < n; i++) {
                    Keyword k = Edn.kw(rnd.nextBoolean() ? "x" : "y");
                    txn.add(rnd.nextBoolean() ? Edn.vec(Edn.kw("read"), k, null) : Edn.vec(Edn.kw("write"), k, v()));
                }
                return new Running(p, Edn.kw("txn"), PersistentVector.create(txn));
            }
            case "set":
                return dice < 6 ? new Running(p, Edn.kw("add"), nextElement++) : new Running(p, Edn.kw("read"), null);
            case "fifo-queue", "unordered-queue":
                return dice < 5 ? new Running(p, Edn.kw("enqueue"), nextElement++) : new Running(p, Edn.kw("dequeue"), null);
            case "kv": {
                String k = "k" + rnd.nextInt(Math.max(1, keys));
                if (dice < 4) return new Running(p, Edn.kw("get"), Edn.vec(k, null));
                if (dice < 6) return new Running(p, Edn.kw("put"), Edn.vec(k, "v" + v()));
                if (dice < 8) return new Running(p, Edn.kw("append"), Edn.vec(k, "a" + v()));
                return new Running(p, Edn.kw("cas"), Edn.vec(k, Edn.vec(rnd.nextBoolean() ? conventions.absent() : "v" + v(), "v" + v())));
            }
            default:
                throw new IllegalArgumentException("no generator for " + model);
        }
    }

    private void apply(Running r) {
        String f = r.f.getName();
        Object iv = r.invokeValue;
        switch (model) {
            case "register", "cas-register" -> {
                switch (f) {
                    case "read" -> r.result = register;
                    case "write" -> { register = iv; r.result = iv; }
                    default -> {
                        IPersistentVector cas = (IPersistentVector) iv;
                        r.result = iv;
                        if (Edn.eq(register, cas.nth(0))) register = cas.nth(1); else r.failed = true;
                    }
                }
            }
            case "mutex" -> {
                boolean acquire = f.equals("acquire");
                if (acquire == locked) r.failed = true; else locked = acquire;
            }
            case "multi-register" -> {
                List<Object> done = new ArrayList<>();
                for (Object m : (List<?>) iv) {
                    IPersistentVector mop = (IPersistentVector) m;
                    if (((Keyword) mop.nth(0)).getName().equals("write")) {
                        registers.put(mop.nth(1), mop.nth(2));
                        done.add(mop);
                    } else {
                        done.add(Edn.vec(mop.nth(0), mop.nth(1), registers.get(mop.nth(1))));
                    }
                }
                r.result = PersistentVector.create(done);
            }
            case "set" -> {
                if (f.equals("add")) { set.add((Long) iv); r.result = iv; }
                else r.result = PersistentVector.create(new ArrayList<>(set));
            }
            case "fifo-queue" -> {
                if (f.equals("enqueue")) { queue.add((Long) iv); r.result = iv; }
                else if (queue.isEmpty()) r.failed = true;
                else r.result = queue.poll();
            }
            case "unordered-queue" -> {
                if (f.equals("enqueue")) { bag.add((Long) iv); r.result = iv; }
                else if (bag.isEmpty()) r.failed = true;
                else r.result = bag.remove(rnd.nextInt(bag.size()));
            }
            case "kv" -> {
                IPersistentVector kv = (IPersistentVector) iv;
                Object k = kv.nth(0);
                Object cur = registers.containsKey(k) ? registers.get(k) : conventions.absent();
                switch (f) {
                    case "get" -> r.result = Edn.vec(k, cur);
                    case "put" -> { registers.put(k, kv.nth(1)); r.result = iv; }
                    case "append" -> { registers.put(k, (cur instanceof String s ? s : "") + kv.nth(1)); r.result = iv; }
                    default -> {
                        IPersistentVector on = (IPersistentVector) kv.nth(1);
                        r.result = iv;
                        if (Edn.eq(cur, on.nth(0))) registers.put(k, on.nth(1)); else r.failed = true;
                    }
                }
            }
            default -> throw new IllegalArgumentException(model);
        }
    }

    /**
     * Changes the observed value of one :ok read-like op (read, get, dequeue, a txn read), or returns
     * the history unchanged when it has none. The result may still be linearizable by chance.
     */
    public List<IPersistentMap> corrupt(List<IPersistentMap> history) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            IPersistentMap op = history.get(i);
            String f = ((Keyword) op.valAt(F)).getName();
            if (model.equals("mutex") ? op.valAt(TYPE) == FAIL
                    : op.valAt(TYPE) == OK && List.of("read", "get", "dequeue", "txn").contains(f)) candidates.add(i);
        }
        if (candidates.isEmpty()) return history;
        int i = candidates.get(rnd.nextInt(candidates.size()));
        IPersistentMap op = history.get(i);
        Object v = op.valAt(VALUE);
        Object bad = switch (((Keyword) op.valAt(F)).getName()) {
            case "read" -> model.equals("set") ? PersistentVector.create(List.of(999L))
                    : nilValues() && rnd.nextBoolean() ? null : (Object) (values + 7L);
            case "get" -> Edn.vec(((IPersistentVector) v).nth(0), conventions.absent() != null && rnd.nextBoolean() ? null : "bogus");
            case "dequeue" -> 999L;
            case "txn" -> {
                IPersistentVector first = (IPersistentVector) ((IPersistentVector) v).nth(0);
                yield ((IPersistentVector) v).assocN(0, Edn.vec(Edn.kw("read"), first.nth(1), 99L));
            }
            default -> null;
        };
        List<IPersistentMap> copy = new ArrayList<>(history);
        if (model.equals("mutex")) {
            // mutex: an acquire or release that was refused is reported as done
            copy.set(i, (IPersistentMap) op.assoc(TYPE, OK));
        } else {
            copy.set(i, (IPersistentMap) op.assoc(VALUE, bad));
        }
        return copy;
    }
}
