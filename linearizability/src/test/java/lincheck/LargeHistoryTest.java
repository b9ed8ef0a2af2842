package lincheck;

import lincheck.bench.Generator;
import lincheck.cli.Main;
import lincheck.edn.Edn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * check-history in its own JVM with a bounded heap, as a user runs it on a large history: the
 * file is streamed into compact records (50,000 ops check in a 64 MB heap, where the ops as maps did not
 * fit), and a heap too small ends :unknown with :cause :out-of-memory and exit 2, never exit 1
 * ("invalid") or a stack trace. The million-op run is in ci/bench-checker.
 */
class LargeHistoryTest {
    @TempDir static Path tmp;
    static Path large;

    @BeforeAll
    static void generate() throws IOException {
        large = tmp.resolve("register-50k.edn");
        new Generator("register", 7, 5).write(large, 50_000, 10, 0.001, 1);
    }

    record Run(int exit, String out, String err) {}

    static Run checkHistory(String heap, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) { // a hang guard, not a timing assertion
            p.destroyForcibly();
            throw new AssertionError("check-history did not end: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void fiftyThousandOpsCheckInA64MegabyteHeap() throws Exception {
        Run r = checkHistory("64m", "--model", "register", "--init", "0", "--algorithm", "wgl", large.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(Boolean.TRUE, Edn.get(Edn.readString(r.out()), Edn.kw("valid?")));
    }

    @Test
    void heapTooSmallIsUnknownOutOfMemoryNotInvalid() throws Exception {
        Run r = checkHistory("16m", "--model", "register", "--init", "0", "--algorithm", "wgl", large.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        Object result = Edn.readString(r.out());
        assertEquals(Edn.kw("unknown"), Edn.get(result, Edn.kw("valid?")));
        assertEquals(Edn.kw("out-of-memory"), Edn.get(result, Edn.kw("cause")));
        assertFalse(r.err().contains("\tat ") || r.err().contains("OutOfMemoryError"), "no stack trace: " + r.err());
        assertTrue(r.err().isEmpty() || r.err().startsWith("check-history: "), r.err());
    }
}
