package raft.jepsen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LeaderStatsTest {
    @TempDir
    Path dir;

    private Path log(String name, String... lines) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, List.of(lines));
        return p;
    }

    @Test
    void countsLeadershipsAndHighestTermPerNode() throws Exception {
        Path n0 = log("n0", "2026-01-01T00:00:00.000 starting node 0 of 3",
                "2026-01-01T00:00:00.500 term 1: leader, applied through 0",
                "2026-01-01T00:00:05.000 term 3: not leader, applied through 40");
        Path n1 = log("n1", "2026-01-01T00:00:00.600 term 1: not leader, applied through 0",
                "2026-01-01T00:00:04.000 term 2: leader, applied through 30",
                "2026-01-01T00:00:04.100 starting node 1 of 3",
                "2026-01-01T00:00:04.200 term 2: leader, applied through 30",   // restarted: same leadership
                "2026-01-01T00:00:05.000 term 3: not leader, applied through 40");
        Path n2 = log("n2", "2026-01-01T00:00:05.000 term 3: leader, applied through 40");
        LeaderStats s = LeaderStats.read(List.of(n0, n1, n2, dir.resolve("missing")));
        assertEquals(3, s.leaderships());
        assertEquals(2, s.leaderChanges());
        assertArrayEquals(new long[] {3, 3, 3, 0}, s.highestTerm());
        assertEquals(3, s.highestTermOverall());
        assertEquals("2 leader changes (3 leaderships); highest term per node: n0 3, n1 3, n2 3, n3 0", s.summary());
    }
}
