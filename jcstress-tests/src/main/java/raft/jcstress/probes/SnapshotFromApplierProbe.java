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
 * Issue 5, probe 5 (the lab's pattern): the service snapshots from inside the applier, on the
 * apply thread, when it applies command 3; leader 1's InstallSnapshot up to 5 arrives at the
 * same time. The service must see strictly increasing indices without skipped commands, and
 * the durable snapshot must end at 5 without ever moving back (snapshot(3) after the
 * install must be ignored).
 * r1: last index delivered; r2: durable snapshot index; r3: 1 if all checks hold (-9: exception).
 */
@JCStressTest
@Outcome(id = "5, 5, 1", expect = ACCEPTABLE, desc = "ends at the installed snapshot, order kept, snapshot never went back")
@Outcome(expect = FORBIDDEN, desc = "gap, duplicate, snapshot moved back or lost, damaged log, or exception")
@State
public class SnapshotFromApplierProbe {
    private final NodeFixture f = new NodeFixture(3);
    private volatile boolean failed;

    public SnapshotFromApplierProbe() {
        f.onApply(m -> {
            if (m instanceof ApplyMsg.Command c && c.index() == 3) {
                f.node.snapshot(3, new byte[] {3});
            }
        });
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
            r.r2 = (int) f.storage.snapshotIndex();
            boolean ok = NodeFixture.wellOrdered(seq) && f.storage.logWellFormed() && !f.storage.snapshotWentBack();
            r.r3 = failed ? -9 : ok ? 1 : 0;
        } catch (RuntimeException e) {
            r.r3 = -9;
        }
    }
}
