package raft.node;

/** A read could not be confirmed here: not leader (or no leader known), leadership lost, or no answer in time. */
public final class ReadRefusedException extends RuntimeException {
    public ReadRefusedException(String message) {
        super(message, null, false, false);
    }
}
