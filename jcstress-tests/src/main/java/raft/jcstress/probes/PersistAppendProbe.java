package raft.jcstress.probes;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import raft.core.Message;
import raft.jcstress.harness.NodeFixture;
import raft.jcstress.harness.VoteAudit;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Issue 5, probe 4 (appends): a follower gets entries 1..2 from leader 1 of term 1 while
 * node 2 asks for its vote in term 2 with an empty log. Whichever comes first excludes the
 * other (after the entries node 2 is out of date; after term 2 the append is stale). When
 * a success reply or a granted vote leaves, what it vouches for must already be durable.
 * r1: matchIndex acknowledged to leader 1 (-1: no success); r2: term of the vote granted
 * to node 2 (0: none); r3: persist violations (-9: an exception escaped).
 */
@JCStressTest
@Outcome(id = "2, 0, 0", expect = ACCEPTABLE, desc = "entries first, durable before the ack; the out-of-date candidate refused")
@Outcome(id = "-1, 2, 0", expect = ACCEPTABLE, desc = "vote first, durable before the reply; the stale append refused")
@Outcome(expect = FORBIDDEN, desc = "both accepted, or a reply ahead of the state it vouches for")
@State
public class PersistAppendProbe {
    private final NodeFixture f = new NodeFixture(3);
    private final VoteAudit audit = new VoteAudit(f);
    private volatile boolean failed;

    private void deliver(Message m) {
        try {
            f.node.receive(m);
        } catch (RuntimeException e) {
            failed = true;
        }
    }

    @Actor
    public void leader1() {
        deliver(new Message.AppendEntries(1, NodeFixture.ID, 1, 0, 0, NodeFixture.entries(1, 2, 1), 0));
    }

    @Actor
    public void candidate2() {
        deliver(new Message.RequestVote(2, NodeFixture.ID, 2, 0, 0));
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r1 = (int) audit.appendMatch();
        r.r2 = (int) audit.grantedTo2();
        r.r3 = failed ? -9 : audit.violations();
    }
}
