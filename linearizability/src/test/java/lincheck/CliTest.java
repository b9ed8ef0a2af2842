package lincheck;

import lincheck.bench.Generator;
import lincheck.cli.Main;
import lincheck.edn.Edn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check-history command: exit codes, output formats, errors that name file, line and column. */
class CliTest {
    @TempDir Path tmp;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static void assertNoStackTrace(Run r) {
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
    }

    @Test
    void validHistoryExitsZeroWithEdn() {
        Run r = run("--model", "cas-register", "--init", "0", Corpus.file("cas-register/good/memstress3-5.edn").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(Boolean.TRUE, Edn.get(Edn.readString(r.out()), Edn.kw("valid?")));
    }

    @Test
    void invalidHistoryExitsOneWithFailingOpInJson() {
        Run r = run("--model", "cas-register", "--init", "0", "--format", "json", "--algorithm", "wgl",
                Corpus.file("cas-register/bad/cas-failure.edn").toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().startsWith("{\"valid?\":false"), r.out());
        assertTrue(r.out().contains("\"op\":{\"process\":70,\"type\":\"ok\",\"f\":\"read\",\"value\":0,\"index\":491}"), r.out());
    }

    @Test
    void severalFilesInvalidWins() {
        Run r = run("--model", "cas-register", "--init", "0", Corpus.file("cas-register/good/memstress3-5.edn").toString(),
                Corpus.file("cas-register/bad/immediate-failure.edn").toString());
        assertEquals(1, r.exit());
        assertEquals(2, r.out().lines().count());
    }

    /** A long history whose crashed writes make the search expensive, with a corrupted read near its end. */
    Path hardHistory() throws IOException {
        Generator g = new Generator("register", 11, 5);
        List<clojure.lang.IPersistentMap> h = g.history(10_000, 10, 0.02, 1);
        StringBuilder sb = new StringBuilder();
        for (Object op : g.corrupt(h)) sb.append(Edn.pr(op)).append('\n');
        return write("hard.edn", sb.toString());
    }

    @Test
    void timeLimitGivesUnknownAndExitTwo() throws IOException {
        Path hard = hardHistory();
        Run r = run("--model", "register", "--init", "0", "--time-limit", "300ms", hard.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(Edn.kw("timeout"), Edn.get(Edn.readString(r.out()), Edn.kw("cause")));
        // A long check reports progress on stderr (every 2 s), keeping stdout for the result.
        Run slow = run("--model", "register", "--init", "0", "--time-limit", "2500ms", hard.toString());
        assertEquals(2, slow.exit());
        assertTrue(slow.err().contains("hard.edn: 2 s,") && slow.err().contains("search steps"), slow.err());
    }

    @Test
    void svgTimelineIsWritten() throws IOException {
        Path html = tmp.resolve("t.html");
        Run r = run("--model", "cas-register", "--init", "0", "--svg", html.toString(),
                Corpus.file("cas-register/bad/bad-analysis.edn").toString());
        assertEquals(1, r.exit());
        String page = Files.readString(html);
        assertTrue(page.contains("failing-op") && page.contains("<svg"), "timeline marks the failing op");
    }

    @Test
    void usageErrors() {
        for (String[] args : List.of(new String[] {}, new String[] {"--model"}, new String[] {"--model", "register"},
                new String[] {"--model", "register", "--algorithm", "bfs", "x.edn"},
                new String[] {"--model", "register", "--time-limit", "soon", "x.edn"},
                new String[] {"--model", "register", "--format", "xml", "x.edn"},
                new String[] {"--model", "register", "--bogus", "x.edn"},
                new String[] {"--model", "stack", "--init", "0", Corpus.file("cas-register/bad/immediate-failure.edn").toString()})) {
            Run r = run(args);
            assertEquals(Main.USAGE, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("check-history: "), r.err());
            assertNoStackTrace(r);
        }
        assertEquals(0, run("--help").exit());
    }

    /** --time-limit takes the duration syntax of every tool; a bare number is seconds, as it always was. */
    @Test
    void timeLimitInTheCommonSyntax() {
        String file = Corpus.file("cas-register/good/memstress3-5.edn").toString();
        for (String limit : List.of("500ms", "1.5s", "2m", "1h", "60", "0")) {
            Run r = run("--model", "cas-register", "--init", "0", "--time-limit", limit, file);
            assertEquals(0, r.exit(), limit + ": " + r.err());
        }
        Run r = run("--model", "cas-register", "--time-limit", "-1s", file);
        assertEquals(Main.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("--time-limit"), r.err());
    }

    @Test
    void helpListsEveryOptionAndTheExitCodes() {
        Run r = run("--help");
        assertEquals(0, r.exit());
        for (String option : List.of("--model", "--init", "--algorithm", "--time-limit", "--format", "--svg", "--absent",
                "--nil-read", "Exit: 0 valid, 1 invalid, 2 unknown")) {
            assertTrue(r.out().contains(option), option + " in: " + r.out());
        }
    }

    @Test
    void unknownModelIsAUsageErrorBeforeAnyFileIsRead(@TempDir Path dir) {
        Run r = run("--model", "stack", dir.resolve("absent.edn").toString());
        assertEquals(Main.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("unknown model 'stack'"), r.err());
    }

    @Test
    void missingFileIsNoInput() {
        Run r = run("--model", "register", tmp.resolve("absent.edn").toString());
        assertEquals(Main.NO_INPUT, r.exit());
        assertTrue(r.err().contains("absent.edn"), r.err());
    }

    @Test
    void emptyFileIsBadInputButAnEmptyVectorIsAHistory() throws IOException {
        for (String blank : List.of("", "\n  \n", "; nothing recorded\n")) {
            Path f = write("empty.edn", blank);
            Run r = run("--model", "register", f.toString());
            assertEquals(Main.DATA, r.exit(), "'" + blank + "': " + r.out() + r.err());
            assertTrue(r.err().contains(f + ": empty file"), r.err());
            assertEquals("", r.out());
            assertNoStackTrace(r);
        }
        Run r = run("--model", "register", write("none.edn", "[]\n").toString());
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void directoryIsNoInputAndSaysSo() {
        Run r = run("--model", "register", tmp.toString());
        assertEquals(Main.NO_INPUT, r.exit());
        assertTrue(r.err().contains(tmp + ": cannot read: is a directory"), r.err());
        assertFalse(r.err().contains("no such file"), r.err());
    }

    @Test
    void eachResultHasItsTime() {
        Run r = run("--model", "cas-register", "--init", "0", Corpus.file("cas-register/good/memstress3-5.edn").toString(),
                Corpus.file("cas-register/bad/immediate-failure.edn").toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        for (String line : lines) assertTrue(Edn.get(Edn.readString(line), Edn.kw("time-ms")) instanceof Long, line);
    }

    @Test
    void absentOptionFlipsKvVerdicts() throws IOException {
        Path getEmpty = write("get-empty.edn", ConventionsTest.GET_EMPTY);
        Path getNil = write("get-nil.edn", ConventionsTest.GET_NIL);
        assertEquals(1, run("--model", "kv", getEmpty.toString()).exit());
        assertEquals(0, run("--model", "kv", "--absent", "\"\"", getEmpty.toString()).exit());
        assertEquals(0, run("--model", "kv", getNil.toString()).exit());
        assertEquals(1, run("--model", "kv", "--absent", "\"\"", getNil.toString()).exit());
        assertEquals(0, run("--model", "kv", "--absent", "nil", getNil.toString()).exit());
    }

    @Test
    void nilReadOptionFlipsRegisterVerdicts() throws IOException {
        Path h = write("read-nil.edn", ConventionsTest.READ_NIL_AFTER_WRITE);
        for (String model : List.of("register", "cas-register")) {
            assertEquals(0, run("--model", model, "--init", "0", h.toString()).exit());
            assertEquals(0, run("--model", model, "--init", "0", "--nil-read", "unknown", h.toString()).exit());
            assertEquals(1, run("--model", model, "--init", "0", "--nil-read", "value", h.toString()).exit());
        }
    }

    @Test
    void conventionOptionMisuseIsAUsageError() {
        String file = Corpus.file("cas-register/bad/immediate-failure.edn").toString();
        for (String[] args : List.of(new String[] {"--model", "register", "--nil-read", "maybe", file},
                new String[] {"--model", "register", "--absent", "\"\"", file},
                new String[] {"--model", "kv", "--nil-read", "value", file},
                new String[] {"--model", "kv", "--absent", "{:a", file},
                new String[] {"--model", "kv", "--absent", "", file})) {
            Run r = run(args);
            assertEquals(Main.USAGE, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(args[2]), r.err());
            assertNoStackTrace(r);
        }
    }

    private void assertBadInput(String text, String expectedPosition, String expectedWords, String model) throws IOException {
        Path f = write("bad.edn", text);
        Run r = run("--model", model, "--init", model.equals("kv") ? "{}" : model.equals("fifo-queue") ? "[]" : "0", f.toString());
        assertEquals(Main.DATA, r.exit(), r.err());
        assertTrue(r.err().contains(f + ":" + expectedPosition), "position " + expectedPosition + " in: " + r.err());
        assertTrue(r.err().contains(expectedWords), r.err());
        assertNoStackTrace(r);
        assertEquals("", r.out());
    }

    @Test
    void malformedEdn() throws IOException {
        assertBadInput("[{:process 0 :type :invoke :f :read :value nil}\n {:process 0 :type :ok :f :read :value 1 }}\n]",
                "2:44: ", "malformed EDN: Unmatched delimiter: }", "register");
        assertBadInput("[{:process 0 :type :invoke :f :read :value nil}\n {:process 0 :type :ok :f :read :value", "2:2: ",
                "malformed EDN", "register");
        assertBadInput("{:process 0, :type :invoke, :f :read}\n[1 2]\n", "2:1", "expected an op map", "register");
        assertBadInput("[{:process 0 :type :invoke :f :read :value nil}", "1:1: ", "end of file before the ']'", "register");
    }

    @Test
    void unknownType() throws IOException {
        assertBadInput("[{:process 0 :type :invoke :f :read :value nil}\n  {:process 0 :type :done :f :read :value 0}]",
                "2:3", "unknown :type :done", "register");
    }

    @Test
    void processInvokingTwice() throws IOException {
        assertBadInput("{:process 3 :type :invoke :f :write :value 1}\n{:process 3 :type :invoke :f :read :value nil}\n",
                "2:1", "process 3 invoked :read while its invoke at line 1", "register");
    }

    @Test
    void valueOfWrongShape() throws IOException {
        assertBadInput("[{:process 0 :type :invoke :f :cas :value 3}]", "1:2", "a :cas value must be [old new]", "cas-register");
        assertBadInput("[{:process 0 :type :invoke :f :put :value \"k\"}]", "1:2", "must be [key value]", "kv");
        assertBadInput("[{:process 0 :type :invoke :f :pop :value nil}]", "1:2", "has no operation :pop", "fifo-queue");
    }

    @Test
    void completionWithoutInvoke() throws IOException {
        assertBadInput("[{:process 0 :type :ok :f :read :value 1}]", "1:2", "without an invoke", "register");
    }

    @Test
    void badInitialValue() {
        Run r = run("--model", "kv", "--init", "{:a", Corpus.file("cas-register/bad/immediate-failure.edn").toString());
        assertEquals(Main.DATA, r.exit(), r.err());
        assertTrue(r.err().contains("--init"), r.err());
        assertNoStackTrace(r);
    }
}
