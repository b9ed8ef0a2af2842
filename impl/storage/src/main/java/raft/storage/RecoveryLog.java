package raft.storage;

import java.lang.System.Logger.Level;
import java.nio.file.Path;

/** The start-up line(s) an operator reads after a crash: what was found, what was repaired. */
final class RecoveryLog {
    private RecoveryLog() {}

    static void log(System.Logger log, Path dir, SegmentedLogStorage.RecoveryReport r, long term, int vote) {
        String entries = r.lastIndex() >= r.firstIndex() ? "entries " + r.firstIndex() + ".." + r.lastIndex()
                : "no entries";
        log.log(Level.INFO, "storage in " + dir + ": recovered term " + term + ", vote " + (vote < 0 ? "none" : vote)
                + ", " + (r.snapshotIndex() > 0 ? "snapshot through " + r.snapshotIndex() : "no snapshot") + ", "
                + r.segmentsFound() + " segment(s), " + entries);
        if (r.tornFile() != null) {
            log.log(Level.WARNING, "storage in " + dir + ": cut a torn tail of " + r.bytesCut() + " byte(s) from "
                    + r.tornFile().getFileName() + " at offset " + r.tornOffset() + " (an append cut short by a crash)");
        }
        if (r.emptySegments() > 0) {
            log.log(Level.WARNING, "storage in " + dir + ": " + r.emptySegments() + " segment(s) hold no record"
                    + " (a crash right after a new segment was made, or a file truncated since)");
        }
        if (r.tempFilesRemoved() > 0) {
            log.log(Level.INFO, "storage in " + dir + ": removed " + r.tempFilesRemoved()
                    + " temp file(s) of a replace cut short by a crash");
        }
        if (r.coveredSegmentsRemoved() > 0) {
            log.log(Level.INFO, "storage in " + dir + ": removed " + r.coveredSegmentsRemoved()
                    + " segment(s) already covered by the snapshot");
        }
    }
}
