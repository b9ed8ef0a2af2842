package raft.jcstress.selfcheck;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;
import raft.jcstress.harness.ProbeLocks;

import java.util.concurrent.locks.Lock;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Not a probe of the node: checks the harness. Two read-modify-write increments under the
 * selected probe lock must both land; with a broken lock this is where it shows most plainly.
 */
@JCStressTest
@Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments kept")
@Outcome(expect = FORBIDDEN, desc = "an increment was lost: the lock did not exclude")
@State
public class LockHarnessProbe {
    private final Lock lock = ProbeLocks.create();
    private int counter;

    private void increment() {
        lock.lock();
        try {
            int c = counter;
            Thread.onSpinWait();
            counter = c + 1;
        } finally {
            lock.unlock();
        }
    }

    @Actor
    public void actor1() {
        increment();
    }

    @Actor
    public void actor2() {
        increment();
    }

    @Arbiter
    public void arbiter(I_Result r) {
        lock.lock();
        try {
            r.r1 = counter;
        } finally {
            lock.unlock();
        }
    }
}
