package raft.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.command.Captured;
import raft.transport.RoundTripProbe;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** `server --join` refuses clearly, before serving, when it cannot or must not join. */
class ServerJoinTest {
    @TempDir
    Path dir;

    private Captured join(InetSocketAddress cluster, int id, String... more) {
        String[] base = {"--id", String.valueOf(id), "--join", text(cluster), "--listen", text(free()), "--client",
                text(free()), "--data", dir.resolve("data").toString(), "--insecure"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return Captured.run(new ServerMain(), all);
    }

    private static InetSocketAddress free() {
        return RoundTripProbe.freeLoopbackAddress();
    }

    private static String text(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    @Test
    void anUnreachableClusterIsNamed() {
        InetSocketAddress nobody = free();
        Captured r = join(nobody, 5);
        assertEquals(1, r.code());
        assertEquals("server: --join: no answer from the cluster at " + text(nobody)
                + " (is that a member's client port, and is it up?)\n", r.err());
    }

    @Test
    void anIdAlreadyInTheClusterIsRefused() throws Exception {
        try (FakeMembers c = new FakeMembers(3, 1)) {
            Captured r = join(c.clientAddresses.get(0), 2);
            assertEquals(1, r.code());
            assertTrue(r.err().startsWith("server: --join: server 2 is already a member of the cluster at "), r.err());
            assertEquals(3, c.config().voters().size());
        }
    }

    @Test
    void aNodeWithDataDoesNotJoin() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/meta"), "x");
        Captured r = join(free(), 5);
        assertEquals(65, r.code());
        assertTrue(r.err().contains("--data " + dir.resolve("data") + " already holds data (meta); a joining node"
                + " starts empty"), r.err());
        assertEquals("x", Files.readString(dir.resolve("data/meta")), "nothing touched");
    }

    @Test
    void badCombinationsAreUsageErrors() {
        String d = dir.resolve("data").toString();
        String[][] bad = {
                {"--id", "0", "--peers", "h:1,h:2", "--join", "h:3", "--client", "9", "--data", d, "--insecure"},
                {"--id", "4", "--join", "h:3", "--client", "9", "--data", d, "--insecure"},
                {"--id", "0", "--listen", "h:1", "--client", "9", "--data", d, "--insecure"},
                {"--id", "0", "--peers", "h:1,h:2", "--clients", "h:9", "--client", "h:9", "--data", d, "--insecure"},
                {"--id", "-1", "--join", "h:3", "--listen", "h:1", "--client", "9", "--data", d, "--insecure"},
                {"--id", "0", "--peers", "h:1", "--route", "h:1", "--client", "9", "--data", d, "--insecure"},
        };
        for (String[] args : bad) {
            Captured r = Captured.run(new ServerMain(), args);
            assertEquals(64, r.code(), String.join(" ", args) + "\n" + r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertFalse(Files.exists(dir.resolve("data")), "nothing created");
    }
}
