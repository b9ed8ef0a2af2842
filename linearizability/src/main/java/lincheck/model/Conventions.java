package lincheck.model;

import clojure.lang.IPersistentMap;
import clojure.lang.Keyword;
import lincheck.edn.Edn;
import lincheck.edn.InputException;

/**
 * How a history's values are to be read, where the tools that write histories disagree.
 *
 * <p>{@code absent}: what a kv :get of a key never written reads (nil in Knossos and Jepsen's
 * histories, "" in MIT 6.824's and Porcupine's); an :append to such a key starts from it when it is
 * a string. {@code nilRead}: whether a register read of nil means "value unknown" (Knossos: it
 * matches any state) or "the register holds nil" (Porcupine's etcd model).
 */
public record Conventions(Object absent, NilRead nilRead) {
    public enum NilRead { UNKNOWN, VALUE }

    public static final Conventions DEFAULT = new Conventions(null, NilRead.UNKNOWN);

    static final Keyword ABSENT = Edn.kw("absent");
    static final Keyword NIL_READ = Edn.kw("nil-read");

    public Conventions {
        if (nilRead == null) nilRead = NilRead.UNKNOWN;
    }

    public Conventions withAbsent(Object a) { return new Conventions(a, nilRead); }
    public Conventions withNilRead(NilRead n) { return new Conventions(absent, n); }

    /** "unknown" or "value" (as the CLI and the Clojure option spell it). */
    public static NilRead nilRead(String name) {
        return switch (name) {
            case "unknown" -> NilRead.UNKNOWN;
            case "value" -> NilRead.VALUE;
            default -> throw new InputException("nil-read must be unknown or value, not " + name);
        };
    }

    /** From a Clojure option map {:absent "" :nil-read :value}; nil gives the defaults. */
    public static Conventions of(Object opts) {
        if (opts == null) return DEFAULT;
        if (!(opts instanceof IPersistentMap m)) throw new InputException("model options must be a map like {:absent \"\"}, got " + Edn.pr(opts));
        Object n = m.valAt(NIL_READ);
        NilRead nr = n == null ? NilRead.UNKNOWN : nilRead(n instanceof Keyword k ? k.getName() : n.toString());
        return new Conventions(m.valAt(ABSENT), nr);
    }

    /** The option map {@link #of} reads back (defaults left out). */
    public IPersistentMap toEdn() {
        return Edn.map(ABSENT, absent, NIL_READ, nilRead == NilRead.UNKNOWN ? null : Edn.kw("value"));
    }

    /** Null when these conventions mean something for {@code model}, else why not. */
    public String unusedBy(String model) {
        if (absent != null && !model.equals("kv")) return "absent applies to the kv model only, not " + model;
        if (nilRead == NilRead.VALUE && !model.equals("register") && !model.equals("cas-register")) {
            return "nil-read applies to the register and cas-register models only, not " + model;
        }
        return null;
    }
}
