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
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Issue 5, probe 4 (votes): two candidates of the same term ask a follower at once. When a
 * granted reply leaves, storage must already hold that vote for that term; at most one of
 * them may get it.
 * r1, r2: term of the vote granted to node 1 / node 2 (0: none); r3: persist violations
 * (-9: an exception escaped).
 */
@JCStressTest
@Outcome(id = {"1, 0, 0", "0, 1, 0"}, expect = ACCEPTABLE, desc = "one vote, durable before the reply")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "refused both: safe but unexpected")
@Outcome(expect = FORBIDDEN, desc = "two votes in one term, or a reply ahead of its persisted vote")
@State
public class PersistVoteProbe {
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
    public void candidate1() {
        deliver(new Message.RequestVote(1, NodeFixture.ID, 1, 0, 0));
    }

    @Actor
    public void candidate2() {
        deliver(new Message.RequestVote(2, NodeFixture.ID, 1, 0, 0));
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r1 = (int) audit.grantedTo1();
        r.r2 = (int) audit.grantedTo2();
        r.r3 = failed ? -9 : audit.violations();
    }
}
