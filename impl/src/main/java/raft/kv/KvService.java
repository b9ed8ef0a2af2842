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
 * commits, and answers each waiting request once its entry is applied.
 *
 * Commands that arrive while a proposal is in progress are queued and proposed
 * together as one entry (a {@link Batch}) by whichever thread finishes the previous
 * proposal, so a busy leader makes one start() per batch instead of one per command.
 *
 * A request whose entry was superseded (another entry landed at its index, or
 * leadership moved on) is answered UNCERTAIN: the client retries with the same
 * sequence number and the replicated session table makes the retry safe.
 */
public final class KvService {

    /** Receives the outcome of one request; called at most once, from any thread. */
    public interface Reply {
        void send(Wire.Status status, Result result);
    }

    private record Waiter(Command command, Reply reply) {}

    private record Pending(long term, List<Waiter> waiters) {}

    private static final int MAX_BATCH = 512;

    private final Replicator raft;
    private final KvStateMachine machine = new KvStateMachine();
    private final long snapshotEvery;
    private final Object lock = new Object();
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Object queueLock = new Object();
    private List<Waiter> queue = new ArrayList<>();
    private boolean closed;
    private final Thread proposer;
    private long lastSnapshotIndex;
    private volatile long appliedIndex;

    /** @param snapshotEvery entries applied between snapshots handed to Raft (0: never) */
    public KvService(Replicator raft, long snapshotEvery) {
        this.raft = raft;
        this.snapshotEvery = snapshotEvery;
        this.proposer = new Thread(this::proposeLoop, "kv-proposer");
        proposer.setDaemon(true);
        proposer.start();
    }

    public void submit(Command c, Reply reply) {
        synchronized (queueLock) {
            if (closed) {
                reply.send(Wire.Status.NOT_LEADER, null);
                return;
            }
            queue.add(new Waiter(c, reply));
            if (queue.size() == 1) {
                queueLock.notify();
            }
        }
    }

    /**
     * The proposer thread: takes everything queued as one batch. While start() runs
     * (persisting on the leader) new commands queue up and form the next batch, so
     * batches grow with load and a lone command waits for nothing.
     */
    private void proposeLoop() {
        while (true) {
            List<Waiter> batch;
            synchronized (queueLock) {
                while (queue.isEmpty() && !closed) {
                    try {
                        queueLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                if (queue.size() <= MAX_BATCH) {
                    batch = queue;
                    queue = new ArrayList<>();
                } else {
                    batch = new ArrayList<>(queue.subList(0, MAX_BATCH));
                    queue = new ArrayList<>(queue.subList(MAX_BATCH, queue.size()));
                }
            }
            try {
                propose(batch);
            } catch (RuntimeException e) {
                for (Waiter w : batch) {
                    w.reply().send(Wire.Status.UNCERTAIN, null);
                }
            }
        }
    }

    private void propose(List<Waiter> batch) {
        List<Command> cmds = new ArrayList<>(batch.size());
        for (Waiter w : batch) {
            cmds.add(w.command());
        }
        byte[] entry = Batch.encode(cmds);
        Pending replaced;
        synchronized (lock) {
            // start() and the registration happen under one lock the apply path also takes,
            // so the entry cannot be applied before its waiters are registered.
            StartResult r = raft.start(entry);
            if (!r.isLeader()) {
                replaced = null;
            } else {
                replaced = pending.put(r.index(), new Pending(r.term(), batch));
                batch = null;
            }
        }
        if (batch != null) {
            for (Waiter w : batch) {
                w.reply().send(Wire.Status.NOT_LEADER, null);
            }
        }
        if (replaced != null) {
            uncertain(replaced);
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
        List<Result> results = null;
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
                List<Command> cmds = bytes == null || bytes.length == 0 ? List.of() : Batch.decode(bytes);
                results = new ArrayList<>(cmds.size());
                for (Command c : cmds) {
                    results.add(machine.apply(cmd.index(), c));
                }
                if (p != null && sameCommands(p, cmds)) {
                    done = p;
                } else if (p != null) {
                    uncertain.add(p);
                }
            }
            appliedIndex = msg.index();
        }
        if (done != null) {
            for (int i = 0; i < done.waiters().size(); i++) {
                Result r = results.get(i);
                done.waiters().get(i).reply().send(r == null ? Wire.Status.UNCERTAIN : Wire.Status.OK, r);
            }
        }
        for (Pending p : uncertain) {
            uncertain(p);
        }
        maybeSnapshot(msg.index());
    }

    private static boolean sameCommands(Pending p, List<Command> cmds) {
        if (p.waiters().size() != cmds.size()) {
            return false;
        }
        for (int i = 0; i < cmds.size(); i++) {
            Command mine = p.waiters().get(i).command();
            if (mine.clientId() != cmds.get(i).clientId() || mine.seq() != cmds.get(i).seq()) {
                return false;
            }
        }
        return true;
    }

    private static void uncertain(Pending p) {
        for (Waiter w : p.waiters()) {
            w.reply().send(Wire.Status.UNCERTAIN, null);
        }
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
            uncertain(p);
        }
    }

    /** Stops proposing and answers every waiter UNCERTAIN: shutting down. */
    public void abandonAll() {
        List<Waiter> queued;
        synchronized (queueLock) {
            closed = true;
            queued = queue;
            queue = new ArrayList<>();
            queueLock.notifyAll();
        }
        for (Waiter w : queued) {
            w.reply().send(Wire.Status.NOT_LEADER, null);
        }
        List<Pending> all;
        synchronized (lock) {
            all = new ArrayList<>(pending.values());
            pending.clear();
        }
        for (Pending p : all) {
            uncertain(p);
        }
    }
}
