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
 * Issue 5, probe 5 (InstallSnapshot): a follower holds entries 1..4, 1..2 committed and
 * queued. One thread delivers AppendEntries 5..6 (commit 4) and runs the apply executor;
 * leader 1's InstallSnapshot up to 5 arrives concurrently on another. Either order is
 * legal (commands 1..4 then the snapshot at 5, or 1..2 then the snapshot), but the service
 * must see strictly increasing indices with commands never skipping one, ending at 5.
 * r1: last index delivered; r2: 1 if a snapshot was delivered; r3: 1 if well ordered (-9: exception).
 */
@JCStressTest
@Outcome(id = "5, 1, 1", expect = ACCEPTABLE, desc = "commands in order, then the snapshot at 5")
@Outcome(expect = FORBIDDEN, desc = "gap, duplicate, index going back, snapshot lost, or exception")
@State
public class ApplyVersusInstallSnapshotProbe {
    private final NodeFixture f = new NodeFixture(3);
    private volatile boolean failed;

    public ApplyVersusInstallSnapshotProbe() {
        f.node.receive(new Message.AppendEntries(1, NodeFixture.ID, 1, 0, 0, NodeFixture.entries(1, 4, 1), 2));
    }

    @Actor
    public void replicateAndApply() {
        try {
            f.node.receive(new Message.AppendEntries(1, NodeFixture.ID, 1, 4, 1, NodeFixture.entries(5, 6, 1), 4));
            f.applyExecutor.drain();
        } catch (RuntimeException e) {
            failed = true;
        }
    }

    @Actor
    public void installSnapshot() {
        try {
            f.node.receive(new Message.InstallSnapshot(1, NodeFixture.ID, 1, 5, 1, new byte[] {5}));
        } catch (RuntimeException e) {
            failed = true;
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        try {
            f.applyExecutor.drain();
            List<ApplyMsg> seq = f.applied();
            r.r1 = seq.isEmpty() ? 0 : (int) seq.get(seq.size() - 1).index();
            r.r2 = seq.stream().anyMatch(m -> m instanceof ApplyMsg.Snapshot) ? 1 : 0;
            r.r3 = failed ? -9 : NodeFixture.wellOrdered(seq) ? 1 : 0;
        } catch (RuntimeException e) {
            r.r3 = -9;
        }
    }
}
