package lincheck.model;

import clojure.lang.IPersistentMap;
import lincheck.edn.InputException;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Model constructors by name, as the CLI and the Java API name them. */
public final class Models {
    private Models() {}

    private static final Map<String, BiFunction<Object, Conventions, Model>> BY_NAME = Map.of(
            "register", (init, c) -> new Register(init, c.nilRead() == Conventions.NilRead.VALUE),
            "cas-register", (init, c) -> new CasRegister(init, c.nilRead() == Conventions.NilRead.VALUE),
            "multi-register", (init, c) -> new MultiRegister(asMap("multi-register", init)),
            "mutex", (init, c) -> Mutex.FREE,
            "set", (init, c) -> new SetModel(asColl("set", init)),
            "fifo-queue", (init, c) -> new FifoQueue(asColl("fifo-queue", init)),
            "unordered-queue", (init, c) -> new UnorderedQueue(asColl("unordered-queue", init)),
            "kv", (init, c) -> new Kv(asMap("kv", init), c.absent()));

    public static List<String> names() {
        return BY_NAME.keySet().stream().sorted().toList();
    }

    /** The initial state of the named model; {@code init} is an EDN value (nil for none). */
    public static Model create(String name, Object init) {
        return create(name, init, Conventions.DEFAULT);
    }

    /** The same, reading values by {@code conventions} (which must apply to this model). */
    public static Model create(String name, Object init, Conventions conventions) {
        BiFunction<Object, Conventions, Model> ctor = BY_NAME.get(name);
        if (ctor == null) throw new InputException("unknown model '" + name + "'; expected one of " + String.join(", ", names()));
        String unused = conventions.unusedBy(name);
        if (unused != null) throw new InputException(unused);
        return ctor.apply(init, conventions);
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
