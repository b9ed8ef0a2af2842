package raft.bench;

import org.junit.jupiter.api.Test;
import raft.bench.load.Driver;
import raft.bench.load.Histogram;
import raft.bench.load.Workload;

import static org.junit.jupiter.api.Assertions.*;

/** The ratio the table reports pairs each round's samples; it is not the ratio of the medians. */
class ResultsTest {
    private static final Workload W = new Workload("writes", 0, 16, 64, true);

    private static Driver.Sample ops(long n) {
        return new Driver.Sample(n, 0, 1.0, new Histogram(), new Histogram(), new Histogram(), 0, 0);
    }

    @Test
    void ratioIsTheMedianOfEachRoundsPair() {
        Results r = new Results();
        // The machine slows down round by round; each round, "a" runs at twice "b"'s speed.
        long[][] rounds = {{200, 100}, {100, 50}, {40, 20}};
        for (int i = 0; i < rounds.length; i++) {
            r.add(W, "a", i + 1, ops(rounds[i][0]));
            r.add(W, "b", i + 1, ops(rounds[i][1]));
        }
        assertEquals(2.0, r.pairedRatio(W, "a", "b", Driver.Sample::opsPerSec), 1e-9);
        // The medians alone (100 against 50) would say the same here; shift "b" by a round and they differ:
        Results shifted = new Results();
        shifted.add(W, "a", 1, ops(200));
        shifted.add(W, "a", 2, ops(100));
        shifted.add(W, "a", 3, ops(10));
        shifted.add(W, "b", 1, ops(50));
        shifted.add(W, "b", 2, ops(100));
        shifted.add(W, "b", 3, ops(20));
        // Per round 4.0, 1.0, 0.5: median 1.0; the ratio of medians would be 100 / 50 = 2.0.
        assertEquals(1.0, shifted.pairedRatio(W, "a", "b", Driver.Sample::opsPerSec), 1e-9);
    }

    @Test
    void roundsMissingOnEitherSideAreLeftOut() {
        Results r = new Results();
        r.add(W, "a", 1, ops(300));
        r.add(W, "a", 2, ops(100));
        r.add(W, "b", 2, ops(50));
        assertEquals(2.0, r.pairedRatio(W, "a", "b", Driver.Sample::opsPerSec), 1e-9);
        assertNull(r.pairedRatio(W, "a", "c", Driver.Sample::opsPerSec));
        r.add(W, "z", 1, ops(0));
        assertNull(r.pairedRatio(W, "a", "z", Driver.Sample::opsPerSec), "a zero denominator gives no ratio");
    }
}
