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
 * Issue 5, probe 3: a follower of term 0 gets RequestVote(term 1) from node 1 while its own
 * election timer fires (it would vote for itself in term 1). At most one vote per term,
 * and every vote it acts on is the one persisted for that term.
 * r1: term of the vote granted to node 1 (0: none); r2: highest term it asked votes for
 * (0: none); r3: persist violations (-9: an exception escaped).
 */
@JCStressTest
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "voted for node 1; the reset timer did not fire again")
@Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "voted for node 1 in term 1, then stood itself in term 2")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "stood itself in term 1 first and refused node 1")
@Outcome(id = "0, 2, 0", expect = ACCEPTABLE, desc = "stood in term 1, refused node 1, timed out again into term 2")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "refused without a rival vote: safe but unexpected")
@Outcome(expect = FORBIDDEN, desc = "two votes in one term, a vote not persisted before use, or an exception")
@State
public class VoteVersusTimerProbe {
    private final NodeFixture f = new NodeFixture(3);
    private final VoteAudit audit = new VoteAudit(f);
    private volatile boolean failed;

    @Actor
    public void requestVote() {
        try {
            f.node.receive(new Message.RequestVote(1, NodeFixture.ID, 1, 0, 0));
        } catch (RuntimeException e) {
            failed = true;
        }
    }

    @Actor
    public void electionTimer() {
        try {
            f.fireElectionTimer();
        } catch (RuntimeException e) {
            failed = true;
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r1 = (int) audit.grantedTo1();
        r.r2 = (int) audit.selfVoteTerm();
        r.r3 = failed ? -9 : audit.violations();
    }
}
