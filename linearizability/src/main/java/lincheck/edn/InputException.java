package lincheck.edn;

/**
 * A mistake in the user's input (history, model name, initial value). Carries the position so the
 * CLI can print "file:line:column: message" without a stack trace.
 */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;
    private final int column;
    private final String detail;

    public InputException(String file, int line, int column, String detail) {
        super(format(file, line, column, detail));
        this.file = file;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    public InputException(String detail) {
        this(null, 0, 0, detail);
    }

    private static String format(String file, int line, int column, String detail) {
        StringBuilder sb = new StringBuilder();
        if (file != null) sb.append(file).append(':');
        if (line > 0) sb.append(line).append(':').append(column).append(':');
        if (sb.length() > 0) sb.append(' ');
        return sb.append(detail).toString();
    }

    /** The same error attributed to a file (positions come from op metadata, the file name from the caller). */
    public InputException inFile(String name) {
        return file != null ? this : new InputException(name, line, column, detail);
    }

    public String file() { return file; }
    public int line() { return line; }
    public int column() { return column; }
    public String detail() { return detail; }
}
