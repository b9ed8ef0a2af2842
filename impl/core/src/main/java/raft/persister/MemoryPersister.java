package raft.persister;

/**
 * The lab's in-memory persister. Every save and read copies, so neither Raft nor the
 * tester can change saved bytes through an array it still holds.
 */
public final class MemoryPersister implements Persister {
    private byte[] raftState = new byte[0];
    private byte[] snapshot = new byte[0];

    @Override
    public synchronized void save(byte[] raftState, byte[] snapshot) {
        this.raftState = raftState.clone();
        if (snapshot != null) {
            this.snapshot = snapshot.clone();
        }
    }

    @Override
    public synchronized byte[] readRaftState() {
        return raftState.clone();
    }

    @Override
    public synchronized byte[] readSnapshot() {
        return snapshot.clone();
    }

    @Override
    public synchronized int raftStateSize() {
        return raftState.length;
    }

    @Override
    public synchronized int snapshotSize() {
        return snapshot.length;
    }

    /** What survives a crash: a new persister holding the bytes saved so far. */
    public synchronized MemoryPersister copy() {
        MemoryPersister p = new MemoryPersister();
        p.raftState = raftState;
        p.snapshot = snapshot;
        return p;
    }
}
