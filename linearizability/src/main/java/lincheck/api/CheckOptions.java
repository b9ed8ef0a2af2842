package lincheck.api;

import java.time.Duration;

/**
 * How to check: the search ({@code wgl}, {@code linear} or {@code competition}), a time limit
 * (zero: none) and the share of the heap the search may keep before answering :unknown.
 */
public record CheckOptions(String algorithm, Duration timeLimit, double memoryFraction) {
    public static CheckOptions defaults() {
        return new CheckOptions("competition", Duration.ofSeconds(60), 0.8);
    }

    public CheckOptions withAlgorithm(String a) { return new CheckOptions(a, timeLimit, memoryFraction); }
    public CheckOptions withTimeLimit(Duration d) { return new CheckOptions(algorithm, d, memoryFraction); }
    public CheckOptions withMemoryFraction(double f) { return new CheckOptions(algorithm, timeLimit, f); }
}
