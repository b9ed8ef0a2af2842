package raft.jepsen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Elections as the servers saw them, read from their logs: each server's watchdog writes a
 * line "term T: leader" when it becomes leader and "term T: not leader" on any other term or
 * role change (sampled every 20 ms, so a leadership shorter than that can be missed).
 * leaderships counts the first kind over all servers (distinct (node, term) pairs, so a
 * restart that logs the same state again does not count twice); leaderChanges is one less
 * (the first election is not a change).
 */
record LeaderStats(int leaderships, long[] highestTerm) {
    private static final Pattern LINE = Pattern.compile(" term (\\d+): (leader|not leader)");

    int leaderChanges() {
        return Math.max(0, leaderships - 1);
    }

    long highestTermOverall() {
        long max = 0;
        for (long t : highestTerm) {
            max = Math.max(max, t);
        }
        return max;
    }

    /** One line for the console and the report: "5 leader changes; highest term per node: n0 7, n1 7, n2 9". */
    String summary() {
        StringBuilder b = new StringBuilder().append(leaderChanges()).append(" leader changes (")
                .append(leaderships).append(" leaderships); highest term per node:");
        for (int i = 0; i < highestTerm.length; i++) {
            b.append(i == 0 ? " " : ", ").append('n').append(i).append(' ').append(highestTerm[i]);
        }
        return b.toString();
    }

    /** From each node's server.log (missing logs count as no elections, term 0). */
    static LeaderStats read(List<Path> logs) throws IOException {
        long[] highest = new long[logs.size()];
        List<String> leaderships = new ArrayList<>();
        for (int i = 0; i < logs.size(); i++) {
            if (!Files.exists(logs.get(i))) {
                continue;
            }
            for (String line : Files.readAllLines(logs.get(i), StandardCharsets.UTF_8)) {
                Matcher m = LINE.matcher(line);
                if (!m.find()) {
                    continue;
                }
                long term = Long.parseLong(m.group(1));
                highest[i] = Math.max(highest[i], term);
                String key = i + "@" + term;
                if (m.group(2).equals("leader") && !leaderships.contains(key)) {
                    leaderships.add(key);
                }
            }
        }
        return new LeaderStats(leaderships.size(), highest);
    }
}
