package raft.bench.load;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule that ends a warm-up, on made-up window throughputs (no load, no timing). */
class WarmupTest {

    @Test
    void aThroughputStillRisingIsNotSteady() {
        assertFalse(Warmup.steady(List.of(20_000.0, 35_000.0, 50_000.0, 61_000.0)));
        // Two flat windows are not enough: a compilation or a collection can dip a window
        // (a 3-process warm-up went 38k, 48k, 34k, 33k, and later reached 64k).
        assertFalse(Warmup.steady(List.of(20_000.0, 50_000.0, 50_500.0, 40_000.0, 60_000.0)));
        assertFalse(Warmup.steady(List.of(50_000.0, 50_000.0, 50_000.0)), "needs four windows");
    }

    @Test
    void threeWindowsNoBetterThanTheBestBeforeThemAreSteady() {
        assertTrue(Warmup.steady(List.of(20_000.0, 60_000.0, 62_000.0, 58_000.0, 61_000.0)));
        // A noisy dip counts as not rising: the best so far is the level.
        assertTrue(Warmup.steady(List.of(60_000.0, 40_000.0, 61_000.0, 59_000.0)));
    }
}
