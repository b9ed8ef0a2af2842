package raft.sim;

import raft.storage.Persister;

/**
 * The lab's in-memory persister. Every save and read copies the bytes, so a crashed
 * instance that keeps a reference cannot change what its successor reads (the harness
 * hands the successor a {@link #copy()}).
 */
public final class SimPersister implements Persister {
    private byte[] raftState = new byte[0];
    private byte[] snapshot = new byte[0];

    @Override
    public synchronized void save(byte[] raftState, byte[] snapshot) {
        this.raftState = raftState == null ? new byte[0] : raftState.clone();
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

    public synchronized SimPersister copy() {
        SimPersister p = new SimPersister();
        p.raftState = raftState.clone();
        p.snapshot = snapshot.clone();
        return p;
    }
}
