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
        // Four flat windows are not enough: compilation comes in waves (a 3-process warm-up
        // held near 10k for four windows, another near 15k for three, before rising again).
        assertFalse(Warmup.steady(List.of(6_585.0, 8_935.0, 9_687.0, 12_237.0, 17_935.0, 13_809.0, 15_033.0, 14_979.0)));
        assertFalse(Warmup.steady(List.of(50_000.0, 50_000.0, 50_000.0, 50_000.0, 50_000.0)), "needs six windows");
    }

    @Test
    void fiveWindowsNoBetterThanTheBestBeforeThemAreSteady() {
        assertTrue(Warmup.steady(List.of(20_000.0, 60_000.0, 62_000.0, 58_000.0, 61_000.0, 60_000.0, 59_000.0)));
        // A noisy dip counts as not rising: the best so far is the level.
        assertTrue(Warmup.steady(List.of(60_000.0, 40_000.0, 61_000.0, 59_000.0, 62_000.0, 55_000.0)));
    }
}
