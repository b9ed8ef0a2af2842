package raft.persister;

/**
 * The lab's persister: two byte blobs, Raft state and snapshot. save() replaces
 * both atomically (a null snapshot keeps the current one). Implementations:
 * in memory for simulation, on disk (temp file, fsync, rename, checksum) for real use.
 */
public interface Persister {
    void save(byte[] raftState, byte[] snapshot);

    /**
     * As save() of this Raft state: the current one cut to its first keep bytes, head written over
     * its start, tail appended (head.length <= keep <= raftStateSize()). Lets a caller that only
     * changed a fixed-size header and the end of its state hand over just those bytes; an
     * implementation keeping the state in a growable buffer then pays for them alone. This
     * default pays for the whole state, as save() does.
     */
    default void splice(byte[] head, int keep, byte[] tail) {
        byte[] old = readRaftState();
        if (head.length > keep || keep > old.length) {
            throw new IllegalArgumentException("splice of " + head.length + "-byte head, keep " + keep + " of "
                    + old.length + " bytes");
        }
        byte[] out = java.util.Arrays.copyOf(old, keep + tail.length);
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, keep, tail.length);
        save(out, null);
    }

    byte[] readRaftState();

    byte[] readSnapshot();

    int raftStateSize();

    int snapshotSize();
}
