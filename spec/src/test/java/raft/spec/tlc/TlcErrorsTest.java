package raft.spec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken spec or config must give SANY's/TLC's message with file and line, and fail. */
class TlcErrorsTest {
    @TempDir
    Path dir;

    private TlcResult check(String module, String config) throws Exception {
        Files.writeString(dir.resolve("Bad.tla"), module);
        Files.writeString(dir.resolve("Bad.cfg"), config);
        Model model = new Model("bad", "Bad.tla", "Bad.cfg", "pass", "manual", Duration.ofSeconds(120), List.of());
        return new TlcRunner(dir, dir.resolve("work"), 1, line -> {}).run(model);
    }

    @Test
    void syntaxErrorNamesModuleAndLine() throws Exception {
        TlcResult r = check("""
                ---- MODULE Bad ----
                VARIABLE x
                Init == x = 0
                Next == x' = x +
                ====
                """, "INIT Init\nNEXT Next\n");
        assertEquals(TlcResult.Verdict.ERROR, r.verdict(), r.errors().toString());
        String errors = String.join("\n", r.errors());
        assertTrue(errors.contains("line 5") && errors.contains("Bad"), errors);
    }

    @Test
    void unknownOperatorNamesModuleAndLine() throws Exception {
        TlcResult r = check("""
                ---- MODULE Bad ----
                VARIABLE x
                Init == x = 0
                Next == x' = Undefined(x)
                ====
                """, "INIT Init\nNEXT Next\n");
        assertEquals(TlcResult.Verdict.ERROR, r.verdict(), r.errors().toString());
        String errors = String.join("\n", r.errors());
        assertTrue(errors.contains("line 4") && errors.contains("module Bad") && errors.contains("Undefined"), errors);
    }

    @Test
    void badConfigIsReported() throws Exception {
        TlcResult r = check("""
                ---- MODULE Bad ----
                VARIABLE x
                Init == x = 0
                Next == x' = x
                ====
                """, "INIT Init\nNEXT Next\nINVARIANT NoSuchInvariant\n");
        assertEquals(TlcResult.Verdict.ERROR, r.verdict());
        assertTrue(String.join("\n", r.errors()).contains("NoSuchInvariant"), r.errors().toString());
    }

    @Test
    void cliExitsNonZeroOnAMalformedSpec() throws Exception {
        Files.writeString(dir.resolve("Bad.tla"), "---- MODULE Bad ----\nVARIABLE x\nInit == x = \n====\n");
        Files.writeString(dir.resolve("Bad.cfg"), "INIT Init\nNEXT Init\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = TlcMain.run(new String[] {"--spec-dir", dir.toString(), "--work", dir.resolve("w").toString(),
                "--check", "Bad.tla", "Bad.cfg"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, out);
        assertTrue(out.contains("FAIL Bad: error") && out.contains("line 4"), out);
    }

    @Test
    void violationIsReportedWithNamedSteps() throws Exception {
        TlcResult r = check("""
                ---- MODULE Bad ----
                EXTENDS Naturals
                VARIABLE x
                Init == x = 0
                Inc == x' = x + 1
                Next == Inc
                Small == x < 3
                ====
                """, "INIT Init\nNEXT Next\nINVARIANT Small\n");
        assertEquals(TlcResult.Verdict.VIOLATION, r.verdict());
        assertEquals("Small", r.violated());
        assertEquals(4, r.trace().size(), r.traceText());
        assertEquals("Init", r.trace().get(0).action());
        assertEquals("Inc", r.trace().get(3).action());
        assertEquals("3", r.trace().get(3).changed().get("x"));
    }
}
