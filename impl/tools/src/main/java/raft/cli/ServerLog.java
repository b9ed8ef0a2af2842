package raft.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The server's log file: timestamped lines, flushed at once. The server writes its own lines
 * here directly, not through java.util.logging, whose shutdown hook closes its handlers before
 * ours can log the shutdown. The library modules log through System.Logger, which without a
 * LoggerFinder of the user's goes to java.util.logging: {@link #captureLibraryLogs()} sends
 * those records (and Netty's) here too, instead of to the console.
 */
final class ServerLog {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private final PrintWriter out;
    private boolean closed;

    ServerLog(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    synchronized void info(String msg) {
        line("", msg, null);
    }

    synchronized void warn(String msg, Throwable t) {
        line("WARN ", msg, t);
    }

    synchronized void close() {
        closed = true;
        out.close();
    }

    private synchronized void line(String level, String msg, Throwable t) {
        if (closed) {
            return;
        }
        StringBuilder sb = new StringBuilder(LocalDateTime.now().format(TS)).append(' ').append(level).append(msg);
        if (t != null) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            sb.append(": ").append(sw.toString().stripTrailing());
        }
        out.println(sb);
        out.flush();
    }

    /**
     * Routes java.util.logging's root logger (INFO and above) to this file and away from the
     * console. Records logged while the JVM shuts down may be lost: java.util.logging resets
     * its handlers in a shutdown hook of its own.
     */
    Handler captureLibraryLogs() {
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        root.setLevel(Level.INFO);
        Handler toFile = new Handler() {
            private final SimpleFormatter text = new SimpleFormatter();

            @Override
            public void publish(LogRecord r) {
                if (!isLoggable(r)) {
                    return;
                }
                String level = r.getLevel().intValue() >= Level.SEVERE.intValue() ? "ERROR "
                        : r.getLevel().intValue() >= Level.WARNING.intValue() ? "WARN " : "";
                line(level, r.getLoggerName() + ": " + text.formatMessage(r), r.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        root.addHandler(toFile);
        return toFile;
    }
}
