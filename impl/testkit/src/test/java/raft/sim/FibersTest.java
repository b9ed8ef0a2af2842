package raft.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FibersTest {

    @Test
    void fibersInterleaveByVirtualTimeAndJoin() {
        VirtualTime vt = new VirtualTime(new TraceDigest());
        Fibers fibers = new Fibers(vt);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Fibers.Fiber a = fibers.spawn("a", () -> {
            for (int i = 0; i < 3; i++) {
                log.add("a" + i + "@" + vt.nowMillis());
                fibers.sleep(10);
            }
        });
        Fibers.Fiber b = fibers.spawn("b", () -> {
            fibers.sleep(5);
            for (int i = 0; i < 3; i++) {
                log.add("b" + i + "@" + vt.nowMillis());
                fibers.sleep(10);
            }
        });
        vt.schedule(12, () -> log.add("event@12"));
        fibers.join(a);
        fibers.join(b);
        assertEquals(List.of("a0@0", "b0@5", "a1@10", "event@12", "b1@15", "a2@20", "b2@25"), log);
        assertEquals(35, vt.nowMillis());
        fibers.close();
    }

    @Test
    void aFailureInAFiberFailsTheMainFiber() {
        VirtualTime vt = new VirtualTime(new TraceDigest());
        Fibers fibers = new Fibers(vt);
        vt.schedule(1000, () -> { });
        fibers.spawn("bad", () -> {
            fibers.sleep(3);
            throw new IllegalStateException("boom");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fibers.sleep(100));
        assertEquals("boom", e.getMessage());
        assertTrue(vt.nowMillis() < 100);
        fibers.close();
    }

    @Test
    void aFailingEventFailsTheRun() {
        VirtualTime vt = new VirtualTime(new TraceDigest());
        Fibers fibers = new Fibers(vt);
        vt.schedule(5, () -> {
            throw new IllegalArgumentException("event failed");
        });
        assertThrows(IllegalArgumentException.class, () -> fibers.sleep(10));
        fibers.close();
    }
}
