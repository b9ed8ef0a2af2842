package raft.jcstress.probes;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import raft.core.Message;
import raft.jcstress.harness.NodeFixture;
import raft.core.ApplyMsg;

import java.util.List;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Issue 5, probe 5 (service snapshot): a follower holds entries 1..4 with 1..2 committed and
 * queued for the service. One thread delivers AppendEntries 5..6 (commit 6) and then runs
 * the apply executor; the service concurrently snapshots up to 2, compacting the log under
 * the appends. The service must see commands 1..6, each once, in order, and storage must
 * end with the snapshot at 2 and entries 3..6.
 * r1: deliveries; r2: last index delivered; r3: 1 if order and storage check out (-9: exception).
 */
@JCStressTest
@Outcome(id = "6, 6, 1", expect = ACCEPTABLE, desc = "1..6 delivered once each, in order; log compacted to 2")
@Outcome(expect = FORBIDDEN, desc = "gap, duplicate, reordering, lost entry, damaged log, or exception")
@State
public class ApplyVersusSnapshotProbe {
    private final NodeFixture f = new NodeFixture(3);
    private volatile boolean failed;

    public ApplyVersusSnapshotProbe() {
        f.node.receive(new Message.AppendEntries(1, NodeFixture.ID, 1, 0, 0, NodeFixture.entries(1, 4, 1), 2));
    }

    @Actor
    public void replicateAndApply() {
        try {
            f.node.receive(new Message.AppendEntries(1, NodeFixture.ID, 1, 4, 1, NodeFixture.entries(5, 6, 1), 6));
            f.applyExecutor.drain();
        } catch (RuntimeException e) {
            failed = true;
        }
    }

    @Actor
    public void serviceSnapshot() {
        try {
            f.node.snapshot(2, new byte[] {2});
        } catch (RuntimeException e) {
            failed = true;
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        try {
            f.applyExecutor.drain();
            List<ApplyMsg> seq = f.applied();
            r.r1 = seq.size();
            r.r2 = seq.isEmpty() ? 0 : (int) seq.get(seq.size() - 1).index();
            boolean storageOk = f.storage.snapshotIndex() == 2 && f.storage.logWellFormed()
                    && f.storage.lastIndex() == 6;
            r.r3 = failed ? -9 : NodeFixture.wellOrdered(seq) && storageOk ? 1 : 0;
        } catch (RuntimeException e) {
            r.r3 = -9;
        }
    }
}
