package raft.jepsen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness reads the checker's answer as EDN through lincheck.api.CheckResult, never by searching text. */
class CheckerTest {
    private static final Path KNOSSOS = Path.of(System.getProperty("shared.dir", "../shared"), "histories/knossos");

    @Test
    void aKnownBadHistoryIsInvalidWithItsFailingOp(@TempDir Path dir) throws Exception {
        Path timeline = dir.resolve("timeline.html");
        Checker.Verdict v = Checker.check(KNOSSOS.resolve("cas-register/bad/cas-failure.edn"), "cas-register", "0",
                timeline, 60_000);
        assertEquals("false", v.valid(), v.summary());
        assertTrue(v.summary().startsWith("checker: invalid at {") && v.summary().contains(":index"), v.summary());
        assertTrue(Files.size(timeline) > 0, "the timeline was written");
        Checker.Verdict good = Checker.check(KNOSSOS.resolve("cas-register/good/memstress3-5.edn"), "cas-register",
                "0", dir.resolve("good.html"), 60_000);
        assertEquals("true", good.valid(), good.summary());
    }

    @Test
    void theVerdictComesFromTheResultMapNotFromText() {
        // ":valid? true" inside a string of an invalid result must not fool the reader
        Checker.Verdict v = Checker.verdict(1, "{:valid? false, :op {:index 7, :value \":valid? true\"}}", "");
        assertEquals("false", v.valid());
        assertEquals("checker: invalid at {:index 7, :value \":valid? true\"}", v.summary());
        Checker.Verdict u = Checker.verdict(2, "{:valid? :unknown :cause :out-of-memory}", "");
        assertEquals("checker could not decide: out-of-memory", u.summary());
        assertEquals("true", Checker.verdict(0, "{:valid? true}", "").valid());
    }

    @Test
    void anExitCodeThatDisagreesOrOutputThatIsNotAResultIsAFailedChecker() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Checker.verdict(1, "", "Error: Could not find or load main class lincheck.cli.Main"));
        assertTrue(e.getMessage().contains("exit 1") && e.getMessage().contains("Could not find"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Checker.verdict(0, "{:valid? false}", ""));
        assertThrows(IllegalStateException.class, () -> Checker.verdict(70, "{:valid? true", "internal error"));
    }
}
