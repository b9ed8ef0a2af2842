package raft.jcstress.harness;

import raft.core.Entry;
import raft.core.Message;
import raft.core.ApplyMsg;
import raft.core.RaftConfig;
import raft.node.RaftNode;
import raft.node.TermState;
import raft.core.RaftStorage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One real RaftNode (id 0) wired to probe-controlled dependencies: virtual time, an apply
 * executor whose tasks a chosen thread runs, recording storage and transport, and the lock
 * picked by {@link ProbeLocks}. Everything a probe sets up in its @State constructor is
 * single-threaded and deterministic (fixed seed), so only the actors race.
 */
public final class NodeFixture {
    /** One-millisecond ticks, elections after 2 or 3 ticks: firing a timer takes few steps. */
    public static final RaftConfig CONFIG = new RaftConfig(1, 2, 3, 1, 512, 1 << 20);
    public static final int ID = 0;

    public final RecordingStorage storage;
    public final RecordingTransport transport = new RecordingTransport();
    public final ManualScheduler scheduler = new ManualScheduler();
    public final QueueExecutor applyExecutor = new QueueExecutor();
    public final RaftNode node;
    private final List<ApplyMsg> applied = new ArrayList<>();
    private volatile Consumer<ApplyMsg> onApply = m -> {};

    public NodeFixture(int clusterSize) {
        this(clusterSize, RaftStorage.Recovered.empty());
    }

    public NodeFixture(int clusterSize, RaftStorage.Recovered recovered) {
        storage = new RecordingStorage(recovered);
        node = RaftNode.newBuilder().id(ID).clusterSize(clusterSize).config(CONFIG).storage(storage)
                .transport(transport).applier(this::apply).scheduler(scheduler)
                .applyExecutor(applyExecutor).lock(ProbeLocks.create())
                .random(new SplittableRandom(7)).build();
    }

    private void apply(ApplyMsg m) {
        onApply.accept(m);
        synchronized (applied) {
            applied.add(m);
        }
    }

    /** A check run on the applying thread at the moment of each delivery. */
    public void onApply(Consumer<ApplyMsg> check) {
        this.onApply = check;
    }

    public List<ApplyMsg> applied() {
        synchronized (applied) {
            return List.copyOf(applied);
        }
    }

    /**
     * Steps time one tick at a time until node 0 asks for votes, or for as many ticks as the
     * longest election timeout of CONFIG (a timer reset meanwhile may then leave it silent).
     */
    public void fireElectionTimer() {
        scheduler.advanceUntil(CONFIG.tickMillis(), CONFIG.electionTicksMax() * CONFIG.tickMillis(),
                () -> !transport.sent(Message.RequestVote.class).isEmpty());
    }

    /**
     * Deterministically makes node 0 leader of a 3-node cluster: lets its election timer
     * fire, then hands it peer 1's vote for the term it asked for. Returns that term.
     */
    public long electLeader() {
        scheduler.advanceUntil(CONFIG.tickMillis(), 100, () -> !transport.sent(Message.RequestVote.class).isEmpty());
        List<Message.RequestVote> asks = transport.sent(Message.RequestVote.class);
        if (asks.isEmpty()) {
            throw new IllegalStateException("setup: node 0 never asked for votes");
        }
        long term = asks.get(asks.size() - 1).term();
        node.receive(new Message.RequestVoteReply(1, ID, term, true));
        TermState s = node.state();
        if (!s.isLeader() || s.term() != term) {
            throw new IllegalStateException("setup: node 0 should lead term " + term + " but is " + s);
        }
        transport.clear();
        return term;
    }

    /** Entries [from, to] of one term, with one-byte commands equal to their index. */
    public static List<Entry> entries(long from, long to, long term) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(new Entry(i, term, new byte[] {(byte) i}));
        }
        return out;
    }

    /**
     * The service's view: strictly increasing indices, each command the one right after the
     * previous delivery (a snapshot may jump ahead), commands carrying the bytes leaders sent.
     */
    public static boolean wellOrdered(List<ApplyMsg> seq) {
        long prev = 0;
        for (ApplyMsg m : seq) {
            if (m instanceof ApplyMsg.Command c) {
                if (c.index() != prev + 1 || c.command().length != 1 || c.command()[0] != (byte) c.index()) {
                    return false;
                }
            } else if (m.index() <= prev) {
                return false;
            }
            prev = m.index();
        }
        return true;
    }
}
