package raft.jcstress.harness;

import raft.core.Entry;
import raft.core.RaftStorage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory RaftStorage that keeps the durable state as the Update contract defines it,
 * plus every (term, votedFor) it was ever asked to make durable, so a probe can ask "was this
 * vote on disk before the reply left?" at the moment the reply is sent.
 */
public final class RecordingStorage implements RaftStorage {
    /** One durable hard state, in persist order. */
    public record HardState(long term, int votedFor) {}

    private final Recovered initial;
    private long term;
    private int votedFor;
    private long snapshotIndex;
    private long snapshotTerm;
    private final List<Entry> log = new ArrayList<>();
    private final List<HardState> history = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean overlapped;
    private boolean snapshotWentBack;

    public RecordingStorage() {
        this(Recovered.empty());
    }

    public RecordingStorage(Recovered initial) {
        this.initial = initial;
        this.term = initial.term();
        this.votedFor = initial.votedFor();
        this.snapshotIndex = initial.snapshotIndex();
        this.snapshotTerm = initial.snapshotTerm();
        this.log.addAll(initial.entries());
    }

    @Override
    public Recovered recover() {
        return initial;
    }

    @Override
    public void persist(Update u) {
        // Two persists at once mean two threads are inside the node's critical section.
        if (inFlight.incrementAndGet() > 1) {
            overlapped = true;
        }
        try {
            synchronized (this) {
                term = u.term();
                votedFor = u.votedFor();
                history.add(new HardState(u.term(), u.votedFor()));
                if (u.truncateFrom() > 0) {
                    log.removeIf(e -> e.index() >= u.truncateFrom());
                }
                log.addAll(u.append());
                if (u.snapshot() != null) {
                    if (u.snapshot().index() < snapshotIndex) {
                        snapshotWentBack = true;
                    }
                    snapshotIndex = u.snapshot().index();
                    snapshotTerm = u.snapshot().term();
                    log.removeIf(e -> e.index() <= snapshotIndex);
                }
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    public synchronized long term() {
        return term;
    }

    public synchronized int votedFor() {
        return votedFor;
    }

    public synchronized long snapshotIndex() {
        return snapshotIndex;
    }

    public synchronized List<Entry> log() {
        return List.copyOf(log);
    }

    public synchronized long lastIndex() {
        return log.isEmpty() ? snapshotIndex : log.get(log.size() - 1).index();
    }

    public synchronized List<HardState> history() {
        return List.copyOf(history);
    }

    /** True if some persisted hard state had exactly this term and vote. */
    public synchronized boolean everPersistedVote(long t, int candidate) {
        for (HardState h : history) {
            if (h.term() == t && h.votedFor() == candidate) {
                return true;
            }
        }
        return false;
    }

    /** True if two persisted hard states name different candidates in the same term. */
    public synchronized boolean twoVotesInOneTerm() {
        for (HardState a : history) {
            for (HardState b : history) {
                if (a.term() == b.term() && a.votedFor() >= 0 && b.votedFor() >= 0 && a.votedFor() != b.votedFor()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True if the durable log holds, at this moment, every index in (snapshotIndex, upTo] with the given terms. */
    public synchronized boolean holdsThrough(long upTo, java.util.function.LongUnaryOperator termAt) {
        long expect = snapshotIndex + 1;
        for (Entry e : log) {
            if (e.index() > upTo) {
                break;
            }
            if (e.index() != expect || e.term() != termAt.applyAsLong(e.index())) {
                return false;
            }
            expect++;
        }
        return upTo <= snapshotIndex || expect > upTo;
    }

    /** Log indices are consecutive from the snapshot and no index appears twice. */
    public synchronized boolean logWellFormed() {
        long expect = snapshotIndex + 1;
        for (Entry e : log) {
            if (e.index() != expect++) {
                return false;
            }
        }
        return true;
    }

    /** True if some persist installed a snapshot older than the one already durable. */
    public synchronized boolean snapshotWentBack() {
        return snapshotWentBack;
    }

    public boolean persistsOverlapped() {
        return overlapped;
    }
}
