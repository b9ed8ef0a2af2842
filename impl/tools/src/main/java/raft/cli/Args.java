package raft.cli;

/**
 * Helpers for the commands that walk their argument array by position (sim, lab).
 * Errors are IllegalArgumentException with a message meant for the user.
 */
public final class Args {
    private Args() {}

    /** The value after a flag at position i, or an error naming the flag. */
    public static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    /** An integer flag value within [min, max]. */
    public static long number(String flag, String v, long min, long max) {
        try {
            long x = Long.parseLong(v);
            if (x < min || x > max) {
                throw new IllegalArgumentException(flag + " must be between " + min + " and " + max + ", got " + v);
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " expects an integer, got '" + v + "'");
        }
    }
}
