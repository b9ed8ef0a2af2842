package raft.lab;

import raft.node.Replica;
import org.junit.jupiter.api.Test;
import raft.core.Message;
import raft.core.ApplyMsg;
import raft.persister.MemoryPersister;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab suite can fail: the real RaftNode with one classic bug wrapped around it makes the
 * named lab test fail in virtual time.
 */
class SuiteCatchesBrokenRaftTest {

    private static String failure(String test, PeerFactory broken) {
        LabRun.SeedFailure f = assertThrows(LabRun.SeedFailure.class,
                () -> LabRun.virtual(test, Scenarios.get(test), 1, broken, LabSuite.QUIET));
        return f.getCause().getMessage();
    }

    /** Delivers each pair of consecutive commands in swapped order. */
    private static Consumer<ApplyMsg> swapping(Consumer<ApplyMsg> applier) {
        ApplyMsg[] held = new ApplyMsg[1];
        return m -> {
            if (m instanceof ApplyMsg.Command && held[0] == null) {
                held[0] = m;
                return;
            }
            applier.accept(m);
            if (held[0] != null) {
                ApplyMsg h = held[0];
                held[0] = null;
                applier.accept(h);
            }
        };
    }

    @Test
    void applyingOutOfOrderFailsBasicAgreement() {
        String msg = failure("testBasicAgree2B", (id, n, p, t, applier, s, ex, r) ->
                PeerFactory.RAFT_NODE.create(id, n, p, t, swapping(applier), s, ex, r));
        assertTrue(msg.contains("apply out of order") || msg.contains("failed to reach agreement"), msg);
    }

    @Test
    void forgettingEverythingOnRestartFailsBasicPersistence() {
        String msg = failure("testPersist12C", (id, n, p, t, applier, s, ex, r) ->
                PeerFactory.RAFT_NODE.create(id, n, new MemoryPersister(), t, applier, s, ex, r));
        assertTrue(msg.contains("commit index=1") || msg.contains("failed to reach agreement"), msg);
    }

    @Test
    void ignoringInstallSnapshotFailsInstallSnapshots() {
        String msg = failure("testSnapshotInstall2D", (id, n, p, t, applier, s, ex, r) -> {
            Replica real = PeerFactory.RAFT_NODE.create(id, n, p, t, applier, s, ex, r);
            return new DelegatingReplica(real) {
                @Override
                public void receive(Message m) {
                    if (!(m instanceof Message.InstallSnapshot)) {
                        real.receive(m);
                    }
                }
            };
        });
        assertTrue(msg.contains("failed to reach agreement"), msg);
    }
}
