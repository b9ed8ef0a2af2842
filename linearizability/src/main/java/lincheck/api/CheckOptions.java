package lincheck.api;

import lincheck.model.Conventions;

import java.time.Duration;

/**
 * How to check: the search ({@code wgl}, {@code linear} or {@code competition}), a time limit
 * (zero: none), the share of the heap the search may keep before answering :unknown, and how to
 * read values where tools disagree ({@link Conventions}: what an absent kv key reads, what a
 * register read of nil means).
 */
public record CheckOptions(String algorithm, Duration timeLimit, double memoryFraction, Conventions conventions) {
    public CheckOptions {
        if (conventions == null) conventions = Conventions.DEFAULT;
    }

    public CheckOptions(String algorithm, Duration timeLimit, double memoryFraction) {
        this(algorithm, timeLimit, memoryFraction, Conventions.DEFAULT);
    }

    public static CheckOptions defaults() {
        return new CheckOptions("competition", Duration.ofSeconds(60), 0.8);
    }

    public CheckOptions withAlgorithm(String a) { return new CheckOptions(a, timeLimit, memoryFraction, conventions); }
    public CheckOptions withTimeLimit(Duration d) { return new CheckOptions(algorithm, d, memoryFraction, conventions); }
    public CheckOptions withMemoryFraction(double f) { return new CheckOptions(algorithm, timeLimit, f, conventions); }

    /** kv: what a get of a key never written reads (default null; "" for 6.824 / Porcupine histories). */
    public CheckOptions withAbsent(Object absent) {
        return new CheckOptions(algorithm, timeLimit, memoryFraction, conventions.withAbsent(absent));
    }

    /** register, cas-register: "unknown" (default, Knossos) or "value" (a read of nil means the register holds nil). */
    public CheckOptions withNilRead(String nilRead) {
        return new CheckOptions(algorithm, timeLimit, memoryFraction, conventions.withNilRead(Conventions.nilRead(nilRead)));
    }
}
