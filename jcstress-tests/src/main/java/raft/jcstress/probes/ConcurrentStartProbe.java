package raft.jcstress.probes;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import raft.core.Entry;
import raft.jcstress.harness.NodeFixture;
import raft.core.StartResult;

import java.util.List;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Issue 5, probe 1: two callers start() on the same leader at once. Each must get its own
 * index, the two indices must be the next two, and the durable log must hold each command
 * exactly once at the index its caller was told.
 * r1, r2: index returned to actor 1 / 2, relative to the last index before the race
 * (-1 not leader, -9 exception); r3: 1 if the persisted log matches, else 0.
 */
@JCStressTest
@Outcome(id = {"1, 2, 1", "2, 1, 1"}, expect = ACCEPTABLE, desc = "distinct consecutive indices, both entries durable once")
@Outcome(expect = FORBIDDEN, desc = "shared, skipped or negative index, or an entry lost or duplicated in the log")
@State
public class ConcurrentStartProbe {
    private static final byte A = 'a';
    private static final byte B = 'b';
    private final NodeFixture f = new NodeFixture(3);
    private final long term = f.electLeader();
    private final long base = f.storage.lastIndex();

    private int start(byte command) {
        try {
            StartResult r = f.node.start(new byte[] {command});
            return r.isLeader() && r.term() == term ? (int) (r.index() - base) : -1;
        } catch (RuntimeException e) {
            return -9;
        }
    }

    @Actor
    public void caller1(III_Result r) {
        r.r1 = start(A);
    }

    @Actor
    public void caller2(III_Result r) {
        r.r2 = start(B);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        try {
            f.scheduler.advance(1); // the flush timer: entries go out, so they must be durable
            List<Entry> log = f.storage.log();
            boolean ok = f.storage.logWellFormed() && f.storage.lastIndex() == base + 2
                    && holds(log, base + r.r1, A) && holds(log, base + r.r2, B);
            r.r3 = ok ? 1 : 0;
        } catch (RuntimeException e) {
            r.r3 = 0;
        }
    }

    private boolean holds(List<Entry> log, long index, byte command) {
        for (Entry e : log) {
            if (e.index() == index) {
                return e.term() == term && e.command().length == 1 && e.command()[0] == command;
            }
        }
        return false;
    }
}
