package lincheck.edn;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import clojure.lang.IObj;
import clojure.lang.IPersistentMap;
import clojure.lang.IPersistentVector;
import clojure.lang.Keyword;
import clojure.lang.LineNumberingPushbackReader;
import clojure.lang.LispReader;
import clojure.lang.PersistentVector;
import clojure.lang.RT;
import lincheck.edn.InputException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Jepsen history: one vector (or list) of op maps, or a stream of op maps. Every form is
 * read by clojure.edn; this class only steps over the separators between top-level elements so it
 * can remember where each op starts (the EDN reader keeps no positions on maps), and hands the ops
 * on one by one, so a history far larger than the heap as maps can still be checked.
 */
public final class HistoryReader {
    public static final Keyword LINE = Keyword.intern("lincheck", "line");
    public static final Keyword COLUMN = Keyword.intern("lincheck", "column");

    private static final IFn EDN_READ;
    private static final Object EOF = new Object();
    private static final IPersistentMap OPTS;

    static {
        Clojure.var("clojure.core", "require").invoke(Clojure.read("clojure.edn"));
        EDN_READ = Clojure.var("clojure.edn", "read");
        OPTS = Edn.map(Edn.kw("eof"), EOF);
    }

    private HistoryReader() {}

    /** Receives each op map read, with the line and column where it starts. */
    @FunctionalInterface
    public interface OpSink {
        void accept(IPersistentMap op, int line, int column);
    }

    /** Reads the whole history into a vector; each op map carries metadata {:lincheck/line L :lincheck/column C}. */
    public static IPersistentVector read(Path file) {
        List<Object> ops = new ArrayList<>();
        forEach(file, collect(ops));
        return PersistentVector.create(ops);
    }

    /** As {@link #read(Path)}, from a reader; {@code name} names the source in errors. */
    public static IPersistentVector read(Reader source, String name) {
        List<Object> ops = new ArrayList<>();
        forEach(source, name, collect(ops));
        return PersistentVector.create(ops);
    }

    private static OpSink collect(List<Object> ops) {
        return (op, line, col) -> ops.add(((IObj) op).withMeta(RT.map(LINE, line, COLUMN, col)));
    }

    /** Streams the ops of a history file to {@code sink} as they are read, keeping none of them. */
    public static void forEach(Path file, OpSink sink) {
        String name = file.toString();
        if (Files.isDirectory(file)) throw new InputException(name, 0, 0, "is a directory, not a history file");
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            forEach(r, name, sink);
        } catch (NoSuchFileException e) {
            throw new InputException(name, 0, 0, "no such file");
        } catch (IOException e) {
            throw new InputException(name, 0, 0, "cannot read: " + e.getMessage());
        }
    }

    public static void forEach(Reader source, String name, OpSink sink) {
        LineNumberingPushbackReader in = new LineNumberingPushbackReader(source);
        try {
            int c = skipSeparators(in);
            if (c == -1) {
                // An empty vector is an empty history; an empty file is more likely a run that wrote nothing.
                throw new InputException(name, 0, 0, "empty file: no history in it (an empty history is written [])");
            }
            if (c == '[' || c == '(') {
                char close = c == '[' ? ']' : ')';
                int openLine = in.getLineNumber();
                int openCol = in.getColumnNumber();
                in.read();
                while (true) {
                    c = skipSeparators(in);
                    if (c == -1) throw new InputException(name, openLine, openCol,
                            "end of file before the '" + close + "' closing the history opened here");
                    if (c == close) { in.read(); break; }
                    readOp(in, name, sink);
                }
                c = skipSeparators(in);
                if (c != -1) throw new InputException(name, in.getLineNumber(), in.getColumnNumber(),
                        "unexpected text after the history's closing '" + close + "'");
            } else {
                while (skipSeparators(in) != -1) readOp(in, name, sink);
            }
        } catch (IOException e) {
            throw new InputException(name, in.getLineNumber(), in.getColumnNumber(), "cannot read: " + e.getMessage());
        }
    }

    private static void readOp(LineNumberingPushbackReader in, String name, OpSink sink) {
        int line = in.getLineNumber();
        int col = in.getColumnNumber();
        Object form;
        try {
            form = EDN_READ.invoke(OPTS, in);
        } catch (LispReader.ReaderException e) {
            String why = reason(e);
            if (why.startsWith("EOF")) throw new InputException(name, line, col, "malformed EDN: the op starting here is cut off (" + why + ")");
            throw new InputException(name, e.line, e.column, "malformed EDN: " + why);
        } catch (RuntimeException e) {
            String why = reason(e);
            if (why.startsWith("EOF")) throw new InputException(name, line, col, "malformed EDN: the op starting here is cut off (" + why + ")");
            throw new InputException(name, in.getLineNumber(), in.getColumnNumber(), "malformed EDN: " + why);
        }
        if (form == EOF) throw new InputException(name, line, col, "unexpected end of file");
        if (!(form instanceof IPersistentMap m)) {
            throw new InputException(name, line, col, "expected an op map like {:process 0 :type :invoke :f :read}, got "
                    + abbreviate(Edn.pr(form)));
        }
        sink.accept(m, line, col);
    }

    /** Steps over whitespace, commas and ; comments; returns the next character without consuming it. */
    private static int skipSeparators(LineNumberingPushbackReader in) throws IOException {
        while (true) {
            int c = in.read();
            if (c == -1) return -1;
            if (c == ';') {
                while (c != -1 && c != '\n') c = in.read();
                continue;
            }
            if (Character.isWhitespace(c) || c == ',') continue;
            in.unread(c);
            return c;
        }
    }

    /** The reader's own words, without the exception class names Clojure wraps them in. */
    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) cause = cause.getCause();
        return String.valueOf(cause.getMessage()).replaceFirst("^(java\\.lang\\.\\w+: )+", "");
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    public static int line(Object op) {
        Object v = RT.get(RT.meta(op), LINE);
        return v == null ? 0 : ((Number) v).intValue();
    }

    public static int column(Object op) {
        Object v = RT.get(RT.meta(op), COLUMN);
        return v == null ? 0 : ((Number) v).intValue();
    }
}
