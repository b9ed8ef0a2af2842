package raft.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VirtualTimeTest {

    @Test
    void eventsRunInTimeThenSubmissionOrderAndCancelledOnesNever() {
        VirtualTime vt = new VirtualTime(new TraceDigest());
        List<String> order = new ArrayList<>();
        vt.schedule(20, () -> order.add("b@20"));
        vt.schedule(10, () -> order.add("a@10"));
        vt.schedule(20, () -> order.add("c@20"));
        vt.schedule(15, () -> order.add("never")).cancel();
        vt.schedule(5, () -> vt.schedule(0, () -> order.add("nested@5")));
        vt.runUntil(100);
        assertEquals(List.of("nested@5", "a@10", "b@20", "c@20"), order);
        assertEquals(100, vt.nowMillis());
    }

    @Test
    void eventsBeyondTheHorizonWait() {
        VirtualTime vt = new VirtualTime(new TraceDigest());
        List<Long> fired = new ArrayList<>();
        vt.schedule(50, () -> fired.add(vt.nowMillis()));
        vt.schedule(150, () -> fired.add(vt.nowMillis()));
        vt.runUntil(100);
        assertEquals(List.of(50L), fired);
        vt.runUntil(200);
        assertEquals(List.of(50L, 150L), fired);
    }

    @Test
    void aFloodingRunIsStoppedByItsWallClockLimit() {
        VirtualTime vt = new VirtualTime(new TraceDigest());
        vt.setWallLimit(0);
        Runnable[] again = new Runnable[1];
        again[0] = () -> vt.schedule(1, again[0]);
        vt.schedule(0, again[0]);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> vt.runUntil(Long.MAX_VALUE / 2));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("wall-clock limit"), e.getMessage());
    }
}
