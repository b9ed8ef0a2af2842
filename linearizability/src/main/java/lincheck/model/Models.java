package lincheck.model;

import clojure.lang.IPersistentMap;
import lincheck.history.InputException;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Model constructors by name, as the CLI and the Java API name them. */
public final class Models {
    private Models() {}

    private static final Map<String, Function<Object, Model>> BY_NAME = Map.of(
            "register", Register::new,
            "cas-register", CasRegister::new,
            "multi-register", init -> new MultiRegister(asMap("multi-register", init)),
            "mutex", init -> Mutex.FREE,
            "set", init -> new SetModel(asColl("set", init)),
            "fifo-queue", init -> new FifoQueue(asColl("fifo-queue", init)),
            "unordered-queue", init -> new UnorderedQueue(asColl("unordered-queue", init)),
            "kv", init -> new Kv(asMap("kv", init)));

    public static List<String> names() {
        return BY_NAME.keySet().stream().sorted().toList();
    }

    /** The initial state of the named model; {@code init} is an EDN value (nil for none). */
    public static Model create(String name, Object init) {
        Function<Object, Model> ctor = BY_NAME.get(name);
        if (ctor == null) throw new InputException("unknown model '" + name + "'; expected one of " + String.join(", ", names()));
        return ctor.apply(init);
    }

    private static IPersistentMap asMap(String model, Object init) {
        if (init == null || init instanceof IPersistentMap) return (IPersistentMap) init;
        throw new InputException("the initial value of " + model + " must be a map like {:x 0}, got " + lincheck.edn.Edn.pr(init));
    }

    private static Object asColl(String model, Object init) {
        if (init == null || init instanceof java.util.Collection) return init;
        throw new InputException("the initial value of " + model + " must be a collection, got " + lincheck.edn.Edn.pr(init));
    }
}
