package raft.jcstress;

import raft.jcstress.run.JcstressReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs jcstress in a child JVM on this module's compiled probes (the test class path, so
 * no packaged jar is needed at test time) and parses its verbose console log.
 */
final class JcstressProcess {
    /** Every probe of the node (the self-check of the locks is left out). */
    static final String NODE_PROBES = "raft\\.jcstress\\.probes\\.";

    private JcstressProcess() {}

    /**
     * @param lock        value of raft.probe.lock in the forked test VMs
     * @param selection   jcstress -t regexp
     * @param timeMillis  -time per iteration (one iteration, one fork per JVM configuration)
     */
    static JcstressReport run(String lock, String selection, int timeMillis) throws IOException, InterruptedException {
        return run(lock, lock, selection, timeMillis);
    }

    /** As above, keeping its log and report under target/jcstress-check/runName. */
    static JcstressReport run(String runName, String lock, String selection, int timeMillis)
            throws IOException, InterruptedException {
        Path dir = Path.of("target", "jcstress-check", runName).toAbsolutePath();
        Files.createDirectories(dir);
        Path log = dir.resolve("console.log");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath,
                "org.openjdk.jcstress.Main",
                "-v", "-t", selection,
                "-jvmArgs", "-Draft.probe.lock=" + lock,
                "-f", "1", "-sc", "false", "-iters", "1", "-time", Integer.toString(timeMillis),
                "-r", dir.resolve("results").toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly); // jcstress's forked test VMs
            p.destroyForcibly().waitFor();
            throw new AssertionError("jcstress did not finish in 10 minutes; log: " + log);
        }
        JcstressReport report = JcstressReport.parse(log);
        if (!report.complete()) {
            throw new AssertionError("jcstress (exit " + p.exitValue() + ") printed no results; log: " + log);
        }
        System.out.println("raft.probe.lock=" + lock + " (log " + log + ")\n" + report.summary());
        return report;
    }
}
