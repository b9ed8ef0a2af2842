package raft.cli;

import picocli.CommandLine.Option;
import raft.command.Durations;
import raft.command.UsageError;
import raft.kv.ClientLimits;
import raft.transport.ClusterSecret;
import raft.transport.TlsSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The server's defences against hostile or mistaken peers and clients, from its options:
 * how members prove who they are (TLS certificates, a cluster secret, or --insecure said
 * out loud) and the client port's limits. A picocli mixin, kept apart from ServerMain's other options.
 */
final class ServerGuards {
    @Option(names = "--cluster-secret-file", paramLabel = "FILE", description = "a file holding the cluster's shared "
            + "secret (at least 16 bytes): members prove it to each other in every hello. Needed unless --tls-* is "
            + "given, or --insecure")
    Path secretFile;
    @Option(names = "--insecure", description = "run with neither TLS nor a secret: any process that can reach the "
            + "raft port can claim to be a member")
    boolean insecure;
    @Option(names = "--client-idle-timeout", paramLabel = "DURATION", converter = Durations.class,
            defaultValue = "300s", description = "close a client connection idle this long (default ${DEFAULT-VALUE})")
    Duration clientIdle;
    @Option(names = "--client-max-frame", paramLabel = "BYTES", defaultValue = "1048576",
            description = "largest client request accepted (default ${DEFAULT-VALUE})")
    int clientMaxFrame;
    @Option(names = "--client-max-connections", paramLabel = "N", defaultValue = "1024",
            description = "client connections beyond this are closed and logged (default ${DEFAULT-VALUE})")
    int clientMaxConnections;

    private ClusterSecret secret;

    /** Reads the secret and refuses to run with no way for members to prove who they are. */
    void check(TlsSettings tls) {
        if (secretFile != null) {
            try {
                secret = new ClusterSecret(Files.readString(secretFile).strip().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UsageError("--cluster-secret-file: cannot read " + secretFile + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UsageError("--cluster-secret-file " + secretFile + ": " + e.getMessage());
            }
        }
        if (tls == null && secret == null && !insecure) {
            throw new UsageError("members must prove who they are: give --tls-keystore/--tls-truststore or"
                    + " --cluster-secret-file, or say --insecure to run without either");
        }
        try {
            clientLimits();
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }

    ClusterSecret secret() {
        return secret;
    }

    ClientLimits clientLimits() {
        return new ClientLimits(clientIdle.toMillis(), clientMaxFrame, clientMaxConnections);
    }
}
