package raft.persister;

import java.util.Arrays;

/**
 * The lab's in-memory persister. Every save and read copies, so neither Raft nor the
 * tester can change saved bytes through an array it still holds. The Raft state lives in a
 * growable buffer, so {@link #splice} costs only the bytes it writes (amortised).
 */
public final class MemoryPersister implements Persister {
    private byte[] raftState = new byte[0];
    private int size;
    private byte[] snapshot = new byte[0];

    @Override
    public synchronized void save(byte[] raftState, byte[] snapshot) {
        this.raftState = raftState.clone();
        this.size = raftState.length;
        if (snapshot != null) {
            this.snapshot = snapshot.clone();
        }
    }

    @Override
    public synchronized void splice(byte[] head, int keep, byte[] tail) {
        if (head.length > keep || keep > size) {
            throw new IllegalArgumentException("splice of " + head.length + "-byte head, keep " + keep + " of "
                    + size + " bytes");
        }
        int newSize = keep + tail.length;
        if (newSize > raftState.length) {
            raftState = Arrays.copyOf(raftState, Math.max(newSize, raftState.length * 2));
        }
        System.arraycopy(head, 0, raftState, 0, head.length);
        System.arraycopy(tail, 0, raftState, keep, tail.length);
        size = newSize;
    }

    @Override
    public synchronized byte[] readRaftState() {
        return Arrays.copyOf(raftState, size);
    }

    @Override
    public synchronized byte[] readSnapshot() {
        return snapshot.clone();
    }

    @Override
    public synchronized int raftStateSize() {
        return size;
    }

    @Override
    public synchronized int snapshotSize() {
        return snapshot.length;
    }

    /** What survives a crash: a new persister holding the bytes saved so far (later splices don't reach it). */
    public synchronized MemoryPersister copy() {
        MemoryPersister p = new MemoryPersister();
        p.raftState = Arrays.copyOf(raftState, size);
        p.size = size;
        p.snapshot = snapshot;
        return p;
    }
}
