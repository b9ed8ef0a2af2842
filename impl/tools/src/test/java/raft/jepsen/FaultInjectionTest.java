package raft.jepsen;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import raft.kv.KvClient;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Hostile inputs and disk faults against real server processes (issue 17's probes): garbage on
 * both ports, half-open client connections, an impostor and a duplicate of a member, damaged
 * files of every kind, a full disk. One 3-node cluster serves every probe, in order; each probe
 * but the last two leaves it serving (a duplicate quarantines node 1 for 30 s; an emptied segment
 * loses acknowledged entries). Every refusal must show in the server log, with its reason.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    static Path dir;
    static LocalCluster cluster;
    static KvClient client;

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Files.createTempDirectory("kv-faults");
        cluster = new LocalCluster(new LocalCluster.Settings(3, dir, true, false, 50, JepsenRun.SERVER_JVM, true));
        cluster.setExtraArgs(List.of("--client-idle-timeout", "2s", "--client-max-connections", "40",
                "--client-max-frame", "4096"));
        cluster.startAll();
        client = new KvClient(cluster.clientAddresses(), KvClient.Options.defaults());
        BenchMain.awaitLeader(client, 3);
        put("warm", "up");
    }

    @AfterAll
    static void stopCluster() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    static void put(String k, String v) throws Exception {
        assertTrue(client.session().put(k, v).get().ok(), "put " + k);
    }

    static String log(int node) throws IOException {
        return Files.readString(cluster.nodeDir(node).resolve("server.log"));
    }

    static String console(int node) throws IOException {
        return Files.readString(cluster.nodeDir(node).resolve("stdout.log"));
    }

    static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    static boolean logHas(int node, String text) {
        try {
            return log(node).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    static int lastIndex(int node, String text) {
        try {
            return log(node).lastIndexOf(text);
        } catch (IOException e) {
            return -1;
        }
    }

    static InetSocketAddress raftAddress(int node) {
        return LocalCluster.loopback(cluster.raftPort(node));
    }

    static void sendAndHangUp(InetSocketAddress to, byte[] bytes) throws IOException {
        try (Socket s = new Socket(to.getAddress(), to.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            try {
                while (in.read() >= 0) {
                    // drain until the server hangs up
                }
            } catch (IOException reset) {
                // reset by the server: hung up too
            }
        }
    }

    static byte[] frameHeader(int length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    @Test
    @Order(1)
    void garbageHttpAndOversizeFramesOnBothPortsAreRefusedAndLogged() throws Exception {
        byte[] http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (InetSocketAddress to : List.of(raftAddress(0), cluster.clientAddresses().get(0))) {
            sendAndHangUp(to, http);
            sendAndHangUp(to, frameHeader(1 << 30));
        }
        await(() -> logHas(0, "raft port") && logHas(0, "refused /127.0.0.1"), "the raft port logs its refusals");
        await(() -> logHas(0, "client port") && logHas(0, "oversize client frame"), "the client port logs its refusals");
        String log = log(0);
        assertTrue(log.contains("BAD_HELLO") || log.contains("oversize frame"), log);
        put("after-garbage", "1");
    }

    @Test
    @Order(2)
    void halfOpenClientConnectionsAreCappedAndTimedOut() throws Exception {
        InetSocketAddress to = cluster.clientAddresses().get(1);
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                Socket s = new Socket(to.getAddress(), to.getPort());
                s.getOutputStream().write(frameHeader(100));   // a frame announced, never sent
                s.getOutputStream().write(new byte[10]);
                held.add(s);
            }
            await(() -> logHas(1, "too many client connections"), "connections past the cap are refused");
            await(() -> logHas(1, "idle client connection closed"), "idle connections are closed");
            for (Socket s : held) {
                s.setSoTimeout((int) WAIT.toMillis());
                assertEquals(-1, readOrEof(s), "the server hung up on every half-open connection");
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        put("after-half-open", "1");
    }

    private static int readOrEof(Socket s) {
        try {
            return s.getInputStream().read();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    @Order(3)
    void anImpostorWithTheWrongSecretIsRefused() throws Exception {
        Path secret = Files.writeString(dir.resolve("wrong-secret"), "not-the-cluster-secret-at-all");
        Process p = cluster.startExtra(1, dir.resolve("impostor"), List.of("--cluster-secret-file", secret.toString()));
        try {
            await(() -> logHas(0, "BAD_PROOF") && logHas(2, "BAD_PROOF"), "nodes 0 and 2 refuse the impostor");
            put("after-impostor", "1");
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(7)
    void aSecondLiveProcessClaimingAMembersIdIsDetectedAndLogged() throws Exception {
        // The probe: a 4th process, --id 1, a fresh data directory, the same peers (and secret).
        Process p = cluster.startExtra(1, dir.resolve("duplicate"), List.of());
        try {
            await(() -> logHas(0, "two live processes claim node 1") && logHas(2, "two live processes claim node 1"),
                    "nodes 0 and 2 detect the duplicate");
            put("during-duplicate", "1");
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(4)
    void theServerRefusesToRunWithoutAnyPeerAuthentication() throws Exception {
        Path nodeDir = dir.resolve("no-auth");
        Files.createDirectories(nodeDir);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                LocalCluster.classPath(), "raft.cli.ServerMain", "--id", "0", "--peers", "127.0.0.1:1,127.0.0.1:2",
                "--client", "3", "--data", nodeDir.resolve("data").toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(64, p.waitFor());
        assertTrue(out.contains("--insecure"), out);
    }

    static Map<String, String> listing(Path d) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(d)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                byte[] b = Files.readAllBytes(p);
                out.put(p.getFileName().toString(), b.length + ":" + java.util.Arrays.hashCode(b));
            }
        }
        return out;
    }

    /** Restarts node 2 on damaged files: it must refuse, naming the file, and leave everything as found. */
    private static void assertRefusedStart(String file, String why) throws Exception {
        Path data = cluster.nodeDir(2).resolve("data");
        Map<String, String> before = listing(data);
        cluster.start(2);
        Process p = cluster.process(2);
        assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the refused start exits");
        assertEquals(1, p.exitValue());
        String console = console(2);
        assertTrue(console.contains(data.resolve(file).toString()) && console.contains(why), console);
        assertEquals(before, listing(data), "the directory is left exactly as found");
    }

    private static Path data(int node) {
        return cluster.nodeDir(node).resolve("data");
    }

    private static List<Path> segments(int node) throws IOException {
        try (Stream<Path> files = Files.list(data(node))) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }

    @Test
    @Order(6)
    void damagedFilesRefuseTheStartAndLeaveTheDirectoryAsFound() throws Exception {
        for (int i = 0; i < 120; i++) {
            put("k" + (i % 7), "v" + i);   // past a few snapshots (every 50 entries)
        }
        cluster.kill(2);
        Path data = data(2);
        byte[] meta = Files.readAllBytes(data.resolve("meta"));
        byte[] snapshot = Files.readAllBytes(data.resolve("snapshot"));

        Files.delete(data.resolve("meta"));
        assertRefusedStart("meta", "term and vote are lost");
        Files.write(data.resolve("meta"), meta);

        Files.delete(data.resolve("snapshot"));
        assertRefusedStart("snapshot", "meta says a snapshot covers");
        Files.write(data.resolve("snapshot"), snapshot);

        // A corrupt meta with a stray temp file and no LOCK: the refusal must keep both as they are.
        Files.deleteIfExists(data.resolve("LOCK"));
        byte[] bad = meta.clone();
        bad[6] ^= 0x40;
        Files.write(data.resolve("meta"), bad);
        Files.write(data.resolve("meta.tmp"), new byte[] {1, 2, 3});
        assertRefusedStart("meta", "checksum mismatch");
        assertFalse(Files.exists(data.resolve("LOCK")));
        Files.write(data.resolve("meta"), meta);

        Path first = segments(2).get(0);
        byte[] seg = Files.readAllBytes(first);
        byte[] flipped = seg.clone();
        flipped[recordsEnd(seg) / 3] ^= 0x01;   // inside the records, not the preallocated zeros after them
        Files.write(first, flipped);
        assertRefusedStart(first.getFileName().toString(), "");
        Files.write(first, seg);

        cluster.start(2);
        await(() -> logHas(2, "serving"), "node 2 starts on its repaired files");
        assertTrue(log(2).contains("recovered term"), "the recovery is logged");
        put("after-damage", "1");
    }

    @Test
    @Order(8)
    void aTornTailAndAnEmptiedSegmentAreCutAndLogged() throws Exception {
        for (int i = 0; i < 5; i++) {
            put("tail" + i, "v");   // entries past the last snapshot, so the newest segment holds records
        }
        cluster.kill(2);
        Path last = segments(2).get(segments(2).size() - 1);
        long size = recordsEnd(Files.readAllBytes(last));   // the records end before the preallocated zeros
        try (var ch = java.nio.channels.FileChannel.open(last, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size - 5);
        }
        cluster.start(2);
        await(() -> logHas(2, "cut a torn tail"), "the torn tail is logged");
        cluster.kill(2);
        Path newest = segments(2).get(segments(2).size() - 1);
        try (var ch = java.nio.channels.FileChannel.open(newest, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        cluster.start(2);
        // Last probe: a segment emptied by hand loses entries this node acknowledged, which Raft cannot
        // repair on its own; all the node can do is say so.
        await(() -> logHas(2, "hold no record"), "the emptied segment is logged");
    }

    /**
     * The probe, for real: node 0's data on a tmpfs 2 MB larger than it, most of that taken by a filler file,
     * 1 KB puts until the disk is full. The node must log the failure and refuse proposals, resume when
     * the filler is deleted, and start again afterwards on an intact log (no hole of zeros).
     */
    @Test
    @Order(5)
    void aFullDiskStallsTheNodeWithoutCorruptingItsLog() throws Exception {
        Path mnt = dir.resolve("tmpfs");
        Files.createDirectories(mnt);
        // Room for node 0's data (a preallocated segment is 64 MiB) and 2 MB more.
        long used = 0;
        try (Stream<Path> files = Files.list(data(0))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                used += PREPARED.contains(p.getFileName().toString()) ? 0 : Files.size(p);
            }
        }
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + (used / 1024 + 2048) + "k", "tmpfs",
                mnt.toString())
                .redirectErrorStream(true).start();
        String why = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(mount.waitFor() == 0, "SKIPPED full-disk probe: cannot mount a tmpfs here (" + why.strip() + ")");
        try {
            cluster.kill(0);
            Path data = data(0);
            Path onTmpfs = mnt.resolve("data");
            for (String name : PREPARED) {
                Files.deleteIfExists(data.resolve(name));   // removed at start anyway: they must not hold the room
            }
            copyTree(data, onTmpfs);
            deleteTree(data);
            Files.createSymbolicLink(data, onTmpfs);
            Path filler = mnt.resolve("filler");
            takeAllBut150k(filler);
            cluster.start(0);
            await(() -> logHas(0, "serving"), "node 0 serves from the tmpfs");
            String kb = "x".repeat(1000);
            KvClient.Session s = client.session();
            put("before-full", "1");
            for (int i = 0; i < 1500 && !logHas(0, "write failed"); i++) {
                // Space the node frees (segments a snapshot covers) is taken again: the disk stays full.
                takeAllBut150k(filler);
                try {
                    s.put("big" + i, kb).get(10, TimeUnit.SECONDS);   // distinct keys: snapshots grow too
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // a put caught by the full disk: its outcome is not what this probe checks
                }
            }
            await(() -> logHas(0, "write failed"), "the full disk is logged");
            Files.delete(filler);
            await(() -> logHas(0, "writes succeed again"), "node 0 resumes once space is free");
            put("after-full", "1");
            cluster.kill(0);
            cluster.start(0);
            await(() -> logHas(0, "serving") && lastIndex(0, "recovered term") > lastIndex(0, "writes succeed"),
                    "node 0 restarts on its log");
            assertTrue(cluster.process(0).isAlive(), "the log after the full disk is accepted:\n" + console(0));
            put("after-restart", "1");
        } finally {
            // Node 0 back on the ordinary disk for the probes after this one.
            cluster.kill(0);
            Path data = data(0);
            if (Files.isSymbolicLink(data)) {
                Files.delete(data);
                copyTree(mnt.resolve("data"), data);
            }
            new ProcessBuilder("umount", "-l", mnt.toString()).start().waitFor();
            cluster.start(0);
        }
    }

    /**
     * Grows filler until the file system it is on has about 150 kB free. The node writes to the
     * same file system meanwhile: if it took some of the room first, the filler's write runs out
     * of space, and the disk is full, which is what the probe wants.
     */
    private static void takeAllBut150k(Path filler) throws IOException {
        java.nio.file.FileStore store = Files.getFileStore(filler.getParent());
        long take = store.getUsableSpace() - 150_000;
        if (take > 0) {
            try {
                Files.write(filler, new byte[(int) take], java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                if (store.getUsableSpace() >= 150_000) {
                    throw e;
                }
            }
        }
    }

    /** The next segment's fill, and a segment kept for reuse: a start removes both. */
    private static final java.util.Set<String> PREPARED = java.util.Set.of("spare.segment", "reusable.segment");

    /**
     * Where a segment's records end: at the first zero length field, the zeros it was preallocated
     * with or the end marker of a reused file (whose older records follow it). Records are
     * [length:4][crc:4][length bytes], bit 30 of the length marking a configuration entry.
     */
    private static int recordsEnd(byte[] segment) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(segment);
        int pos = 0;
        while (pos + 4 <= segment.length) {
            int len = b.getInt(pos) & ~(1 << 30);
            if (len == 0 || len > segment.length - pos - 8) {
                break;
            }
            pos += 8 + len;
        }
        return pos;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }

    private static void deleteTree(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
        }
        Files.delete(d);
    }
}
