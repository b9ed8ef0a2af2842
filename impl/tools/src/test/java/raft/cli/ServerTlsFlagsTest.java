package raft.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.cli.Flags;
import raft.cli.UsageException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's TLS flags: off unless asked for, and a half-given or unreadable setting is a usage error. */
class ServerTlsFlagsTest {

    @Test
    void noTlsFlagsMeansPlainTcp() {
        assertNull(ServerMain.tls(Flags.parse(new String[] {"--id", "0"}, Set.of())));
    }

    @Test
    void keystoreWithoutTruststoreIsRefused(@TempDir Path dir) throws Exception {
        Path ks = Files.writeString(dir.resolve("node.p12"), "x");
        UsageException e = assertThrows(UsageException.class,
                () -> ServerMain.tls(Flags.parse(new String[] {"--tls-keystore", ks.toString()}, Set.of())));
        assertTrue(e.getMessage().contains("tls-truststore"), e.getMessage());
    }

    @Test
    void missingStoreFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("absent.p12");
        String[] args = {"--tls-keystore", missing.toString(), "--tls-truststore", missing.toString()};
        if (System.getenv("RAFT_TLS_PASSWORD") == null) {
            UsageException e = assertThrows(UsageException.class, () -> ServerMain.tls(Flags.parse(args, Set.of())));
            assertTrue(e.getMessage().contains("RAFT_TLS_PASSWORD"), e.getMessage());
        } else {
            UsageException e = assertThrows(UsageException.class, () -> ServerMain.tls(Flags.parse(args, Set.of())));
            assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        }
    }
}
