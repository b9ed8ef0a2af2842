package raft.core;

/**
 * The outcome of a read request (ReadIndex, thesis 6.4): ctx is the caller's id for it; index
 * is the read index, at or above every index committed when the request arrived, or -1 when
 * refused (not leader, leadership lost before it was confirmed). The caller answers the read
 * once its state machine has applied through index.
 */
public record ReadState(long ctx, long index) {
    public boolean refused() {
        return index < 0;
    }
}
