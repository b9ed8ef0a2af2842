package raft.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.storage.SegmentedLogStorage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's file log receives the library's System.Logger records, e.g. what storage recovery did. */
class ServerLogTest {

    @Test
    void libraryRecordsAndTheRecoveryReportReachTheServersFile(@TempDir Path dir) throws Exception {
        Logger root = LogManager.getLogManager().getLogger("");
        Handler[] before = root.getHandlers();
        Level level = root.getLevel();
        Path file = dir.resolve("server.log");
        ServerLog log = new ServerLog(file);
        Handler h = log.captureLibraryLogs();
        try {
            log.info("starting node 0");
            try (SegmentedLogStorage s = new SegmentedLogStorage(dir.resolve("data"))) {
                s.recover();
            }
            System.getLogger("raft.transport.PeerLink").log(System.Logger.Level.WARNING, "link to peer 1 down",
                    new java.net.ConnectException("Connection refused"));
            System.getLogger("raft.somewhere").log(System.Logger.Level.DEBUG, "not at INFO: left out");
        } finally {
            root.removeHandler(h);
            for (Handler b : before) {
                root.addHandler(b);
            }
            root.setLevel(level);
            log.close();
        }
        List<String> lines = Files.readAllLines(file);
        String text = String.join("\n", lines);
        assertTrue(lines.get(0).endsWith(" starting node 0"), text);
        assertTrue(lines.get(1).endsWith(" raft.storage.SegmentedLogStorage: storage in " + dir.resolve("data")
                + ": recovered term 0, vote none, no snapshot, 0 segment(s), no entries"), text);
        assertTrue(lines.get(2).contains(" WARN raft.transport.PeerLink: link to peer 1 down: "
                + "java.net.ConnectException: Connection refused"), text);
        assertTrue(text.contains("\tat "), "the cause's stack trace is kept: " + text);
        assertEquals(false, text.contains("left out"), text);
    }
}
