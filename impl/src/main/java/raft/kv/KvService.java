package raft.kv;

import raft.node.ApplyMsg;
import raft.node.StartResult;
import raft.node.TermState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The key-value service on one server: submits commands to Raft, applies what Raft
 * commits, and answers each waiting request once its entry is applied. A request
 * whose entry was superseded (another command landed at its index, or leadership
 * moved on) is answered UNCERTAIN: the client retries with the same sequence number
 * and the session table makes the retry safe.
 */
public final class KvService {

    /** Receives the outcome of one request; called at most once, from any thread. */
    public interface Reply {
        void send(Wire.Status status, Result result);
    }

    private record Pending(long term, long clientId, long seq, Reply reply) {}

    private final Replicator raft;
    private final KvStateMachine machine = new KvStateMachine();
    private final long snapshotEvery;
    private final Object lock = new Object();
    private final Map<Long, Pending> pending = new HashMap<>();
    private long lastSnapshotIndex;
    private volatile long appliedIndex;

    /** @param snapshotEvery entries applied between snapshots handed to Raft (0: never) */
    public KvService(Replicator raft, long snapshotEvery) {
        this.raft = raft;
        this.snapshotEvery = snapshotEvery;
    }

    public void submit(Command c, Reply reply) {
        byte[] bytes = c.encode();
        Pending replaced;
        synchronized (lock) {
            // start() and the registration happen under one lock the apply path also takes,
            // so the entry cannot be applied before its waiter is registered.
            StartResult r = raft.start(bytes);
            if (!r.isLeader()) {
                replaced = null;
                reply.send(Wire.Status.NOT_LEADER, null);
            } else {
                replaced = pending.put(r.index(), new Pending(r.term(), c.clientId(), c.seq(), reply));
            }
        }
        if (replaced != null) {
            replaced.reply().send(Wire.Status.UNCERTAIN, null);
        }
    }

    /** The stale-read mode's read: this replica's local state, however far behind it is. */
    public String readLocal(String key) {
        synchronized (lock) {
            return machine.read(key);
        }
    }

    public long appliedIndex() {
        return appliedIndex;
    }

    public TermState raftState() {
        return raft.state();
    }

    /** Raft's applier: called in index order from one thread. */
    public void apply(ApplyMsg msg) {
        List<Pending> uncertain = new ArrayList<>();
        Pending done = null;
        Result result = null;
        synchronized (lock) {
            if (msg instanceof ApplyMsg.Snapshot s) {
                machine.restore(s.snapshot());
                lastSnapshotIndex = s.index();
                for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<Long, Pending> e = it.next();
                    if (e.getKey() <= s.index()) {
                        uncertain.add(e.getValue());
                        it.remove();
                    }
                }
            } else {
                ApplyMsg.Command cmd = (ApplyMsg.Command) msg;
                Pending p = pending.remove(cmd.index());
                byte[] bytes = cmd.command();
                if (bytes != null && bytes.length > 0) {
                    Command c = Command.decode(bytes);
                    result = machine.apply(cmd.index(), c);
                    if (p != null && p.clientId() == c.clientId() && p.seq() == c.seq() && result != null) {
                        done = p;
                    } else if (p != null) {
                        uncertain.add(p);
                    }
                } else if (p != null) {
                    uncertain.add(p);
                }
            }
            appliedIndex = msg.index();
        }
        if (done != null) {
            done.reply().send(Wire.Status.OK, result);
        }
        for (Pending p : uncertain) {
            p.reply().send(Wire.Status.UNCERTAIN, null);
        }
        maybeSnapshot(msg.index());
    }

    private void maybeSnapshot(long index) {
        byte[] snap = null;
        synchronized (lock) {
            if (snapshotEvery > 0 && index - lastSnapshotIndex >= snapshotEvery) {
                snap = machine.snapshot();
                lastSnapshotIndex = index;
            }
        }
        if (snap != null) {
            raft.snapshot(index, snap);
        }
    }

    /**
     * Answers UNCERTAIN to every waiter whose term is over or whose node lost leadership;
     * run periodically, since Raft tells the service nothing when that happens.
     */
    public void checkLeadership() {
        TermState ts = raft.state();
        List<Pending> failed = new ArrayList<>();
        synchronized (lock) {
            for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (!ts.isLeader() || p.term() != ts.term()) {
                    failed.add(p);
                    it.remove();
                }
            }
        }
        for (Pending p : failed) {
            p.reply().send(Wire.Status.UNCERTAIN, null);
        }
    }

    /** Answers every waiter UNCERTAIN: shutting down. */
    public void abandonAll() {
        List<Pending> all;
        synchronized (lock) {
            all = new ArrayList<>(pending.values());
            pending.clear();
        }
        for (Pending p : all) {
            p.reply().send(Wire.Status.UNCERTAIN, null);
        }
    }
}
