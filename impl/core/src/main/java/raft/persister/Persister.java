package raft.persister;

/**
 * The lab's persister: two byte blobs, Raft state and snapshot. save() replaces
 * both atomically (a null snapshot keeps the current one). Implementations:
 * in memory for simulation, on disk (temp file, fsync, rename, checksum) for real use.
 */
public interface Persister {
    void save(byte[] raftState, byte[] snapshot);

    byte[] readRaftState();

    byte[] readSnapshot();

    int raftStateSize();

    int snapshotSize();
}
