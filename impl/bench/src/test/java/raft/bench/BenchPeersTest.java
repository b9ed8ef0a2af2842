package raft.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.bench.load.Driver;
import raft.bench.load.Workload;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The harness end to end, tiny: both systems start, commit operations and show up in the report. No timings. */
class BenchPeersTest {

    @Test
    void tinyRunCommitsOnBothSidesAndReportsThem(@TempDir Path dir) throws Exception {
        BenchPeers.Options o = BenchPeers.Options.parse(new String[]{"--rounds", "1", "--time", "300ms",
                "--warmup", "0", "--cluster-warmup", "0", "--steady", "0", "--systems", "ours,microraft", "--mix", "50",
                "--values", "16", "--inflight", "4", "--fsync", "on", "--dir", dir.toString()});
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Results r = BenchPeers.run(o, new PrintStream(progress, true));

        assertEquals(List.of("ours", "MicroRaft"), r.systems);
        Workload w = r.rows.get(0);
        for (String system : r.systems) {
            List<Driver.Sample> samples = r.of(w, system);
            assertEquals(1, samples.size(), system);
            assertTrue(samples.get(0).ops() > 0, system + " committed nothing: " + progress);
            Driver.Sample s = samples.get(0);
            assertEquals(s.ops(), s.latency().count());
            assertEquals(s.ops(), s.reads().count() + s.writes().count(), "every operation is a read or a write");
            assertTrue(s.reads().count() > 0 && s.writes().count() > 0, system + ": a 50 % mix has both kinds");
        }
        String text = Report.text(r);
        assertTrue(text.contains("MicroRaft ops/s") && text.contains("/MR") && text.contains("fsync after"), text);
        assertTrue(text.contains("warm-up after each start") && progress.toString().contains("warmed up"), text);
        assertTrue(text.contains("idle with ["), "the idle systems' background cost is reported: " + text);
        assertTrue(text.contains("ours reads p50 ms") && text.contains("MicroRaft writes p50 ms"), text);
        assertTrue(Report.html(r, "t").contains("<svg"), "latency plot");
    }

    @Test
    void badOptionsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> BenchPeers.Options.parse(new String[]{"--systems", "etcd"}));
        assertTrue(e.getMessage().contains("etcd"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BenchPeers.Options.parse(new String[]{"--round", "1"}));
        assertTrue(e.getMessage().contains("--round"), e.getMessage());
    }
}
