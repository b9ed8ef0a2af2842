package raft.persister;

/** Saved state failed its checks (torn write, bit rot, wrong file); never read silently. */
public final class CorruptStateException extends RuntimeException {
    public CorruptStateException(String message) {
        super(message);
    }
}
