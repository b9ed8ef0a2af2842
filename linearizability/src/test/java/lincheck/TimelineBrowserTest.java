package lincheck;

import lincheck.api.CheckOptions;
import lincheck.api.CheckResult;
import lincheck.api.Linearizability;
import lincheck.edn.HistoryReader;
import lincheck.report.Timeline;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads a rendered timeline in headless Chromium and checks what the page shows after its script
 * ran: the failing op is present and marked, final-path ops are highlighted. The screenshot is
 * kept in target/timeline/ as a build artifact.
 */
class TimelineBrowserTest {
    @TempDir Path profile;

    static String chromium() {
        for (String c : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, c))) return Path.of(dir, c).toString();
            }
        }
        return null;
    }

    private String runChromium(String binary, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile.resolve("p" + System.nanoTime())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish: " + cmd);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void failingOpIsMarkedInTheBrowser() throws Exception {
        String chromium = chromium();
        Assumptions.assumeTrue(chromium != null,
                "SKIPPED: no chromium on PATH (apt-get install -y chromium chromium-driver); CI installs it");
        Path history = Corpus.file("cas-register/bad/bad-analysis.edn");
        CheckResult r = Linearizability.check("cas-register", "0", history, CheckOptions.defaults());
        assertEquals(14, r.failingIndex());
        Path dir = Path.of("target", "timeline").toAbsolutePath();
        Files.createDirectories(dir);
        Path page = dir.resolve("bad-analysis.html");
        Files.writeString(page, Timeline.render("bad-analysis.edn", HistoryReader.read(history), r.map()));

        String dom = runChromium(chromium, "--virtual-time-budget=3000", "--dump-dom", page.toUri().toString());
        // Written by the page's script once it found the marked op: proof the page ran, not just parsed.
        assertTrue(dom.contains("failing op 14 marked"), "status line in: " + tail(dom));
        Matcher failing = Pattern.compile("<g class=\"op ok[^\"]*failing-op\"[^>]*data-index=\"14\"").matcher(dom);
        assertTrue(failing.find(), "op 14 carries the failing-op class");
        assertEquals(1, Pattern.compile("class=\"op [^\"]*failing-op\"").matcher(dom).results().count(), "exactly one failing op");
        assertTrue(dom.contains("not linearizable"), "the marker text is shown");
        assertTrue(count(dom, "final-path") >= 2, "final-path ops are highlighted");
        assertTrue(dom.contains(":value 2, :index 14"), "hover details hold the op's map");

        Path shot = dir.resolve("bad-analysis.png");
        Files.deleteIfExists(shot);
        runChromium(chromium, "--window-size=1400,900", "--virtual-time-budget=3000", "--screenshot=" + shot, page.toUri().toString());
        assertTrue(Files.size(shot) > 5_000, "screenshot written to " + shot);
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
        return n;
    }

    private static String tail(String s) {
        return s.length() > 600 ? s.substring(s.length() - 600) : s;
    }
}
