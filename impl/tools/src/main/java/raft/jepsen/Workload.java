package raft.jepsen;

import raft.kv.KvClient;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * What the clients do, and how each outcome is written in the history for the
 * checker's model. A read whose outcome is unknown is recorded :fail: it changed
 * nothing, so dropping it is sound and spares the checker an open operation.
 */
abstract class Workload {

    /** A completion as recorded: type (ok, fail, info), value, error. */
    record Completion(String type, Object value, String error) {}

    /** One operation to invoke: how it appears in the history, and how it runs. */
    interface Invocation {
        String f();

        Object value();

        CompletableFuture<Completion> run(KvClient.Session session);
    }

    abstract String model();

    /** The checker's initial value, in EDN. */
    abstract String init();

    /** Brings the store to the model's initial state before the history starts. */
    abstract void setup(KvClient.Session session) throws Exception;

    abstract Invocation next(Random random);

    static Workload named(String name, int keys) {
        return switch (name) {
            case "cas-register" -> new CasRegister();
            case "kv" -> new Kv(keys);
            default -> throw new raft.command.UsageError("unknown workload '" + name + "' (cas-register or kv)");
        };
    }

    static Integer parse(String s) {
        return s == null ? null : Integer.valueOf(s);
    }

    static Completion unknown(KvClient.Response r, Object value, boolean read) {
        if (r.outcome() == KvClient.Outcome.FAIL || read) {
            return new Completion("fail", value, r.error());
        }
        return new Completion("info", value, r.error());
    }

    static Invocation invocation(String f, Object value,
                                 java.util.function.Function<KvClient.Session, CompletableFuture<Completion>> run) {
        return new Invocation() {
            public String f() {
                return f;
            }

            public Object value() {
                return value;
            }

            public CompletableFuture<Completion> run(KvClient.Session s) {
                return run.apply(s);
            }
        };
    }

    /** One register, key "r": read, write and cas over small integers, so cas often succeeds. */
    static final class CasRegister extends Workload {
        static final String KEY = "r";

        String model() {
            return "cas-register";
        }

        String init() {
            return "0";
        }

        void setup(KvClient.Session s) throws Exception {
            KvClient.Response r = s.put(KEY, "0").get();
            if (!r.ok()) {
                throw new IllegalStateException("could not write the register's initial value: " + r.error());
            }
        }

        Invocation next(Random rnd) {
            int kind = rnd.nextInt(5);
            if (kind < 2) {
                return invocation("read", null, s -> s.get(KEY).thenApply(r -> r.ok()
                        ? new Completion("ok", parse(r.result().value()), null) : unknown(r, null, true)));
            } else if (kind < 4) {
                int v = rnd.nextInt(5);
                return invocation("write", v, s -> s.put(KEY, String.valueOf(v)).thenApply(r -> r.ok()
                        ? new Completion("ok", v, null) : unknown(r, v, false)));
            }
            int a = rnd.nextInt(5), b = rnd.nextInt(5);
            List<Integer> v = Arrays.asList(a, b);
            return invocation("cas", v, s -> s.cas(KEY, String.valueOf(a), String.valueOf(b)).thenApply(r -> !r.ok()
                    ? unknown(r, v, false)
                    : r.result().ok() ? new Completion("ok", v, null) : new Completion("fail", v, "mismatch")));
        }
    }

    /**
     * Several keys with string values: get, put, append and cas, written as the checker's
     * kv model expects: [k v] (get, put, append) and [k [old new]] (cas).
     */
    static final class Kv extends Workload {
        private final int keys;

        Kv(int keys) {
            this.keys = keys;
        }

        String model() {
            return "kv";
        }

        String init() {
            return "nil";
        }

        void setup(KvClient.Session s) {
            // every key starts absent, which the kv model reads as nil
        }

        Invocation next(Random rnd) {
            int k = rnd.nextInt(keys);
            String key = "k" + k;
            int kind = rnd.nextInt(10);
            String v = String.valueOf(rnd.nextInt(5));
            if (kind < 4) {
                return invocation("get", Arrays.asList(k, null), s -> s.get(key).thenApply(r -> r.ok()
                        ? new Completion("ok", Arrays.asList(k, r.result().value()), null)
                        : unknown(r, Arrays.asList(k, null), true)));
            } else if (kind < 6) {
                List<Object> val = Arrays.asList(k, v);
                return invocation("put", val, s -> s.put(key, v).thenApply(r -> r.ok()
                        ? new Completion("ok", val, null) : unknown(r, val, false)));
            } else if (kind < 7) {
                List<Object> val = Arrays.asList(k, v);
                return invocation("append", val, s -> s.append(key, v).thenApply(r -> r.ok()
                        ? new Completion("ok", val, null) : unknown(r, val, false)));
            }
            String a = String.valueOf(rnd.nextInt(5));
            List<Object> val = Arrays.asList(k, Arrays.asList(a, v));
            return invocation("cas", val, s -> s.cas(key, a, v).thenApply(r -> !r.ok()
                    ? unknown(r, val, false)
                    : r.result().ok() ? new Completion("ok", val, null) : new Completion("fail", val, "mismatch")));
        }
    }
}
