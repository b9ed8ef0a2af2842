package raft.command;

/**
 * An input file the user named is unusable: exit 65 when it is malformed, 66 when it cannot be
 * read. The message names the file (and, when known, the position and what was expected).
 */
public final class InputError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    private InputError(int exitCode, String message, Throwable cause) {
        super(message, cause, false, false);
        this.exitCode = exitCode;
    }

    /** The file is there but its content is wrong (exit 65). */
    public static InputError malformed(String message) {
        return new InputError(Cli.DATA, message, null);
    }

    /** The file is missing or cannot be read (exit 66). */
    public static InputError unreadable(String message) {
        return new InputError(Cli.NO_INPUT, message, null);
    }

    public int exitCode() {
        return exitCode;
    }
}
