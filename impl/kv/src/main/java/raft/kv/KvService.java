package raft.kv;

import raft.node.Replica;
import raft.core.ApplyMsg;
import raft.core.StartResult;
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
 * together as one entry (a {@link Batch}) once it is done, so a busy leader makes one
 * start() per batch instead of one per command. The proposer thread proposes them,
 * except a lone command submitted from a reply while nothing else is in flight: the
 * thread that has just answered proposes that one itself, saving a wake-up on the path of
 * every write of a client that keeps one request in flight. A batch, or a command while
 * proposals are in flight, is left to the proposer: start() waits for the leader's write,
 * which the answering thread (a transport I/O thread in the server) should not, and the
 * commands arriving meanwhile make the next batch.
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

    /**
     * A proposed batch awaiting its entry. term and index are 0 until start() has returned them.
     * batch: as proposed, so applying this server's own entry decodes nothing.
     */
    private static final class Pending {
        final long id;
        final List<Waiter> waiters;
        final Batch batch;
        long term, index;

        Pending(List<Waiter> waiters, Batch batch) {
            this.id = batch.id();
            this.waiters = waiters;
            this.batch = batch;
        }

        List<Waiter> waiters() {
            return waiters;
        }
    }

    private static final int MAX_BATCH = 512;

    private final Replica raft;
    private final KvStateMachine machine;
    private final java.util.function.LongSupplier clock;
    private final long snapshotEvery;
    private final Object lock = new Object();
    /** By batch id, registered before start(), so the entry can't be applied before its waiters exist. */
    private final Map<Long, Pending> pending = new HashMap<>();
    /** By log index, once start() has said where the batch went: finds batches another entry displaced. */
    private final Map<Long, Pending> byIndex = new HashMap<>();
    private final java.util.SplittableRandom ids = new java.util.SplittableRandom();
    private final Object queueLock = new Object();
    private List<Waiter> queue = new ArrayList<>();
    private boolean closed;
    /** Threads inside {@link #answer}: the proposer takes no batch meanwhile. Guarded by queueLock. */
    private int answeringThreads;
    /** The proposer thread, or an answering thread standing in for it, is proposing. Guarded by queueLock. */
    private boolean proposing;
    /** Set while this thread answers waiters: see {@link #answer}. */
    private final ThreadLocal<boolean[]> answering = ThreadLocal.withInitial(() -> new boolean[1]);
    private final Thread proposer;
    private long lastSnapshotIndex;
    /** Command bytes applied since the last snapshot: the log that snapshot would let Raft drop. */
    private long bytesSinceSnapshot;
    private final long snapshotBytes;
    private volatile long appliedIndex;
    private final ReadOptions reads;
    private final Object readLock = new Object();
    /** GETs waiting for the next readIndex(); readInFlight: one is outstanding. Guarded by readLock. */
    private List<Waiter> readQueue = new ArrayList<>();
    private boolean readInFlight;

    /** Reads through the log. @param snapshotEvery entries applied between snapshots handed to Raft (0: never) */
    public KvService(Replica raft, long snapshotEvery) {
        this(raft, snapshotEvery, ReadOptions.log());
    }

    public KvService(Replica raft, long snapshotEvery, ReadOptions reads) {
        this(raft, snapshotEvery, reads, 0, System::currentTimeMillis);
    }

    /**
     * @param sessionIdleMillis client sessions unused this long (log time) are dropped; 0: never
     * @param clock             the time stamped on each proposed entry (ms): the log time
     */
    public KvService(Replica raft, long snapshotEvery, ReadOptions reads, long sessionIdleMillis,
                     java.util.function.LongSupplier clock) {
        this(raft, snapshotEvery, 0, reads, sessionIdleMillis, clock);
    }

    /**
     * @param snapshotBytes also snapshot once the entries applied since the last snapshot hold
     *                      this many command bytes (0: by entry count only). One entry carries a
     *                      whole batch of commands, so a count of entries alone bounds neither
     *                      the log Raft keeps in memory nor the commands between snapshots.
     */
    public KvService(Replica raft, long snapshotEvery, long snapshotBytes, ReadOptions reads, long sessionIdleMillis,
                     java.util.function.LongSupplier clock) {
        this.machine = new KvStateMachine(sessionIdleMillis);
        this.clock = clock;
        this.raft = raft;
        this.snapshotEvery = snapshotEvery;
        this.snapshotBytes = snapshotBytes;
        this.reads = reads;
        this.proposer = new Thread(this::proposeLoop, "kv-proposer");
        proposer.setDaemon(true);
        proposer.start();
    }

    public void submit(Command c, Reply reply) {
        if (c.op() == Op.GET && reads.mode() != ReadMode.LOG) {
            read(c, reply);
            return;
        }
        synchronized (queueLock) {
            if (closed) {
                reply.send(Wire.Status.NOT_LEADER, null);
                return;
            }
            queue.add(new Waiter(c, reply));
            if (queue.size() == 1 && !answering.get()[0]) {
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
                while ((queue.isEmpty() || answeringThreads > 0 || proposing) && !closed) {
                    try {
                        queueLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                batch = takeBatch();
            }
            proposeTaken(batch);
        }
    }

    /** Under queueLock: the next batch from the queue; the caller proposes it. */
    private List<Waiter> takeBatch() {
        proposing = true;
        List<Waiter> batch;
        if (queue.size() <= MAX_BATCH) {
            batch = queue;
            queue = new ArrayList<>();
        } else {
            batch = new ArrayList<>(queue.subList(0, MAX_BATCH));
            queue = new ArrayList<>(queue.subList(MAX_BATCH, queue.size()));
        }
        return batch;
    }

    private void proposeTaken(List<Waiter> batch) {
        try {
            propose(batch);
        } catch (RuntimeException e) {
            for (Waiter w : batch) {
                w.reply().send(Wire.Status.UNCERTAIN, null);
            }
        } finally {
            synchronized (queueLock) {
                proposing = false;
                if (!queue.isEmpty()) {
                    queueLock.notify();
                }
            }
        }
    }

    private void propose(List<Waiter> waiters) {
        List<Command> cmds = new ArrayList<>(waiters.size());
        for (Waiter w : waiters) {
            cmds.add(w.command());
        }
        long id = ids.nextLong();
        Batch batch = new Batch(id, clock.getAsLong(), cmds);
        Pending p = new Pending(waiters, batch);
        synchronized (lock) {
            pending.put(id, p);
        }
        // start() persists on the leader (an fsync): the apply path must not wait for it, so no lock here.
        StartResult r = raft.start(batch.encode());
        Pending displaced = null;
        boolean refused = false;
        synchronized (lock) {
            if (!r.isLeader()) {
                refused = pending.remove(id) != null;
            } else if (pending.containsKey(id)) {
                p.term = r.term();
                p.index = r.index();
                if (appliedIndex >= r.index()) {
                    // Its index was applied already, and not with this batch (or it would be answered).
                    pending.remove(id);
                    displaced = p;
                } else {
                    displaced = byIndex.put(r.index(), p);
                    if (displaced != null && pending.remove(displaced.id) == null) {
                        displaced = null;   // already answered
                    }
                }
            }
        }
        if (refused) {
            for (Waiter w : waiters) {
                w.reply().send(Wire.Status.NOT_LEADER, null);
            }
        }
        if (displaced != null) {
            uncertain(displaced);
        }
    }

    /**
     * A GET without a log entry: at a confirmed read index once this replica has applied through
     * it (the node completes readIndex() only then), or, with unsafeReads, at once from local
     * state if this node believes it leads. A refused read is NOT_LEADER: it had no effect, so the
     * client may retry anywhere. Answered on the apply thread; the session table is not touched.
     */
    private void read(Command c, Reply reply) {
        if (reads.unsafeReads()) {
            if (raft.state().isLeader()) {
                reply.send(Wire.Status.OK, new Result(true, readLocal(c.key())));
            } else {
                reply.send(Wire.Status.NOT_LEADER, null);
            }
            return;
        }
        if (!reads.followerReads() && !raft.state().isLeader()) {
            reply.send(Wire.Status.NOT_LEADER, null);
            return;
        }
        synchronized (readLock) {
            readQueue.add(new Waiter(c, reply));
            if (readInFlight || answering.get()[0]) {
                return;
            }
            readInFlight = true;
        }
        issueReads();
    }

    /**
     * One readIndex() for every GET queued so far; the GETs arriving meanwhile wait for the next,
     * as commands wait for the next batch: one pass through Raft's lock per batch, not per read.
     */
    private void issueReads() {
        List<Waiter> batch;
        synchronized (readLock) {
            if (readQueue.isEmpty()) {
                readInFlight = false;
                return;
            }
            batch = readQueue;
            readQueue = new ArrayList<>();
        }
        raft.readIndex().whenComplete((index, err) -> {
            answer(() -> {
                for (Waiter w : batch) {
                    if (err != null) {
                        w.reply().send(Wire.Status.NOT_LEADER, null);
                    } else {
                        w.reply().send(Wire.Status.OK, new Result(true, readLocal(w.command().key())));
                    }
                }
            });
            issueReads();
        });
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

    /**
     * Hands leadership to target. Meanwhile Raft refuses proposals, which this service answers
     * NOT_LEADER (nothing appended), so clients retry elsewhere: nothing is dropped.
     */
    public java.util.concurrent.CompletableFuture<Boolean> transferLeadership(int target) {
        return raft.transferLeadership(target);
    }

    /** The latest configuration in this server's log; UnsupportedOperationException if Raft has none. */
    public raft.core.Membership membership() {
        return raft.membership();
    }

    /** One membership change, proposed if this node leads; see {@link Replica#changeMembership}. */
    public java.util.concurrent.CompletableFuture<raft.core.Membership> changeMembership(raft.core.MembershipChange c) {
        return raft.changeMembership(c);
    }

    /** Raft's applier: called in index order from one thread. */
    public void apply(ApplyMsg msg) {
        List<Pending> uncertain = new ArrayList<>();
        Pending done = null;
        List<Result> results = null;
        byte[] bytes = msg instanceof ApplyMsg.Command c ? c.command() : null;
        Batch batch = bytes == null || bytes.length == 0 ? null : batchOf(bytes);
        synchronized (lock) {
            if (msg instanceof ApplyMsg.Snapshot s) {
                machine.restore(s.snapshot());
                lastSnapshotIndex = s.index();
                bytesSinceSnapshot = 0;
                for (Iterator<Map.Entry<Long, Pending>> it = byIndex.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<Long, Pending> e = it.next();
                    if (e.getKey() <= s.index()) {
                        it.remove();
                        if (pending.remove(e.getValue().id) != null) {
                            uncertain.add(e.getValue());
                        }
                    }
                }
            } else {
                // Anything else (a configuration entry) takes an index but is no command: only a
                // batch that was given that index needs telling.
                Pending atIndex = byIndex.remove(msg.index());
                if (batch != null) {
                    machine.advanceClock(batch.time());
                    results = new ArrayList<>(batch.commands().size());
                    for (Command c : batch.commands()) {
                        results.add(machine.apply(msg.index(), c));
                    }
                    done = pending.remove(batch.id());
                }
                if (atIndex != null && atIndex != done && pending.remove(atIndex.id) != null) {
                    uncertain.add(atIndex);   // another entry took the index this batch was given
                }
                if (done != null && done.index != 0 && done.index != msg.index()) {
                    byIndex.remove(done.index, done);
                }
            }
            appliedIndex = msg.index();
            if (bytes != null) {
                bytesSinceSnapshot += bytes.length;
            }
        }
        if (done != null) {
            Pending d = done;
            List<Result> rs = results;
            answer(() -> {
                for (int i = 0; i < d.waiters().size(); i++) {
                    Result r = rs.get(i);
                    d.waiters().get(i).reply().send(r == null ? Wire.Status.UNCERTAIN : Wire.Status.OK, r);
                }
            });
        }
        for (Pending p : uncertain) {
            uncertain(p);
        }
        maybeSnapshot(msg.index());
    }

    /**
     * Outside the lock, so checkLeadership() and proposals do not wait on it: the entry's batch,
     * decoded (most of apply's CPU) unless this server proposed it and still has it.
     */
    private Batch batchOf(byte[] entry) {
        if (entry.length >= Long.BYTES) {
            Pending own;
            synchronized (lock) {
                own = pending.get(Batch.idOf(entry));
            }
            if (own != null) {
                return own.batch;
            }
        }
        return Batch.decode(entry);
    }

    /**
     * Runs replies; the proposer takes no batch until the last is sent. A caller that submits
     * its next command from the reply (an embedded client keeping requests in flight) would
     * otherwise have its first command proposed alone while the entry's other replies are still
     * being sent: one fsync for one command, and the rest wait for the next. A proposer already
     * awake (finishing its last proposal) would take such a part too, so it is held back, not
     * only left unwoken. Replies must therefore not block.
     */
    private void answer(Runnable replies) {
        boolean[] flag = answering.get();
        if (flag[0]) {
            replies.run();
            return;
        }
        flag[0] = true;
        synchronized (queueLock) {
            answeringThreads++;
        }
        try {
            replies.run();
        } finally {
            flag[0] = false;
            List<Waiter> mine = null;
            synchronized (queueLock) {
                answeringThreads--;
                if (!queue.isEmpty()) {
                    if (queue.size() == 1 && answeringThreads == 0 && !proposing && !closed && nothingPending()) {
                        mine = takeBatch();
                    } else {
                        queueLock.notify();
                    }
                }
            }
            boolean issue;
            synchronized (readLock) {
                issue = !readInFlight && !readQueue.isEmpty();
                readInFlight |= issue;
            }
            if (issue) {
                issueReads();
            }
            if (mine != null) {
                proposeTaken(mine);
            }
        }
    }

    /** Under queueLock (the order is queueLock, then lock; nothing takes them the other way). */
    private boolean nothingPending() {
        synchronized (lock) {
            return pending.isEmpty();
        }
    }

    private static void uncertain(Pending p) {
        for (Waiter w : p.waiters()) {
            w.reply().send(Wire.Status.UNCERTAIN, null);
        }
    }

    private void maybeSnapshot(long index) {
        byte[] snap = null;
        synchronized (lock) {
            if ((snapshotEvery > 0 && index - lastSnapshotIndex >= snapshotEvery)
                    || (snapshotBytes > 0 && bytesSinceSnapshot >= snapshotBytes)) {
                snap = machine.snapshot();
                lastSnapshotIndex = index;
                bytesSinceSnapshot = 0;
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
                // term 0: start() has not returned yet; its caller settles it.
                if (p.term != 0 && (!ts.isLeader() || p.term != ts.term())) {
                    failed.add(p);
                    it.remove();
                    byIndex.remove(p.index, p);
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
            byIndex.clear();
        }
        for (Pending p : all) {
            uncertain(p);
        }
    }
}
