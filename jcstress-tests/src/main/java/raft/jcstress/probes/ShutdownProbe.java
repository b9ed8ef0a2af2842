package raft.jcstress.probes;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import raft.core.Message;
import raft.jcstress.harness.NodeFixture;

import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Issue 5, probe 6: kill() racing an RPC delivery and the apply thread. Once kill() has
 * returned, nothing may leave the node or reach the service (checked on the sending and
 * applying threads at that instant), and no exception may escape any call.
 * r1: messages sent after kill returned; r2: deliveries to the service after kill returned;
 * r3: exceptions escaped.
 */
@JCStressTest
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "silent after kill, nothing thrown")
@Outcome(expect = FORBIDDEN, desc = "a send or apply after kill() returned, or an exception escaped")
@State
public class ShutdownProbe {
    private final NodeFixture f = new NodeFixture(3);
    private volatile boolean killReturned;
    private final AtomicInteger lateSends = new AtomicInteger();
    private final AtomicInteger lateApplies = new AtomicInteger();
    private final AtomicInteger exceptions = new AtomicInteger();

    public ShutdownProbe() {
        f.transport.onSend(m -> {
            if (killReturned) {
                lateSends.incrementAndGet();
            }
        });
        f.onApply(m -> {
            if (killReturned) {
                lateApplies.incrementAndGet();
            }
        });
    }

    @Actor
    public void kill() {
        try {
            f.node.kill();
        } catch (RuntimeException e) {
            exceptions.incrementAndGet();
        }
        killReturned = true;
    }

    @Actor
    public void deliverAndApply() {
        try {
            f.node.receive(new Message.AppendEntries(1, NodeFixture.ID, 1, 0, 0, NodeFixture.entries(1, 2, 1), 2));
            f.applyExecutor.drain();
        } catch (RuntimeException e) {
            exceptions.incrementAndGet();
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        try {
            // Whatever is still queued or scheduled must stay silent too.
            f.applyExecutor.drain();
            f.scheduler.advance(10);
            f.node.receive(new Message.RequestVote(2, NodeFixture.ID, 5, 0, 0));
        } catch (RuntimeException e) {
            exceptions.incrementAndGet();
        }
        r.r1 = lateSends.get();
        r.r2 = lateApplies.get();
        r.r3 = exceptions.get();
    }
}
