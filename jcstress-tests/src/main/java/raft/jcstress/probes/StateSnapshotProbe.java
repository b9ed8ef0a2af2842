package raft.jcstress.probes;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JI_Result;
import raft.core.Message;
import raft.jcstress.harness.NodeFixture;
import raft.node.TermState;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Issue 5, probe 2: state() racing a step-down. The leader of term 1 hears a RequestVote
 * of term 2 (UpdateTerm: it becomes a follower of term 2). A concurrent state() must see
 * one moment or the other, never a term from one and the leadership flag from the other.
 * r1: term seen, r2: 1 if leader (-9: exception).
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "read before the step-down: leader of term 1")
@Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "read after the step-down: follower in term 2")
@Outcome(expect = FORBIDDEN, desc = "torn pair: term and leadership from different moments")
@State
public class StateSnapshotProbe {
    private final NodeFixture f = new NodeFixture(3);
    private final long term = f.electLeader();

    @Actor
    public void stepDown() {
        try {
            f.node.receive(new Message.RequestVote(2, NodeFixture.ID, term + 1, 100, term));
        } catch (RuntimeException ignored) {
            // an exception here shows up as a wrong state() answer or in other probes
        }
    }

    @Actor
    public void reader(JI_Result r) {
        try {
            TermState s = f.node.state();
            r.r1 = s.term();
            r.r2 = s.isLeader() ? 1 : 0;
        } catch (RuntimeException e) {
            r.r2 = -9;
        }
    }
}
