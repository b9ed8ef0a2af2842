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

/**
 * The server's log file: timestamped lines, flushed at once. Not java.util.logging,
 * whose own shutdown hook closes its handlers before ours can log the shutdown.
 */
final class ServerLog {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private final PrintWriter out;

    ServerLog(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    synchronized void info(String msg) {
        out.println(LocalDateTime.now().format(TS) + " " + msg);
        out.flush();
    }

    synchronized void warn(String msg, Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        out.println(LocalDateTime.now().format(TS) + " WARN " + msg + ": " + sw);
        out.flush();
    }

    synchronized void close() {
        out.close();
    }
}
