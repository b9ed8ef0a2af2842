package raft.cli;

/** A mistake in how a command was invoked: printed as one line with the usage, exit code 64, no stack trace. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
