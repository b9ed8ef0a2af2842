package raft.command;

/**
 * A mistake in how a command was invoked that picocli cannot see by itself (a value out of range,
 * two options that don't go together). Thrown from a command's call(): exit 64, the message, a hint.
 */
public final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageError(String message) {
        super(message, null, false, false);
    }
}
