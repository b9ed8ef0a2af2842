package raft.cli;

import raft.kv.ClientLimits;
import raft.transport.ClusterSecret;
import raft.transport.TlsSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The server's defences against hostile or mistaken peers and clients, from its flags:
 * how members prove who they are (TLS certificates, a cluster secret, or --insecure said
 * out loud) and the client port's limits. Kept apart from ServerMain's other flags.
 */
record ServerGuards(ClusterSecret secret, ClientLimits clientLimits) {
    static final String USAGE = """
              --cluster-secret-file FILE
                           a file holding the cluster's shared secret (at least 16 bytes): members prove it to
                           each other in every hello. Needed unless --tls-* is given, or --insecure
              --insecure   run with neither TLS nor a secret: any process that can reach the raft port can
                           claim to be a member
              --client-idle-timeout DURATION (300s), --client-max-frame BYTES (1048576),
              --client-max-connections N (1024)
                           the client port's limits; connections beyond them are closed and logged""";

    static ServerGuards parse(Flags f, TlsSettings tls) {
        ClusterSecret secret = null;
        if (f.has("cluster-secret-file")) {
            Path file = Path.of(f.string("cluster-secret-file", null));
            try {
                secret = new ClusterSecret(Files.readString(file).strip().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UsageException("--cluster-secret-file: cannot read " + file + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--cluster-secret-file " + file + ": " + e.getMessage());
            }
        }
        boolean insecure = f.bool("insecure", false);
        if (tls == null && secret == null && !insecure) {
            throw new UsageException("members must prove who they are: give --tls-keystore/--tls-truststore or"
                    + " --cluster-secret-file, or say --insecure to run without either");
        }
        ClientLimits d = ClientLimits.defaults();
        try {
            return new ServerGuards(secret, new ClientLimits(f.millis("client-idle-timeout", d.idleMillis()),
                    (int) f.number("client-max-frame", d.maxFrameBytes()),
                    (int) f.number("client-max-connections", d.maxConnections())));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * Library code logs through System.Logger (java.util.logging underneath); its lines go to
     * the server's log file, not the console.
     */
    static void captureLibraryLogs(ServerLog log) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        root.setLevel(Level.INFO);
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (isLoggable(r)) {
                    String level = r.getLevel().intValue() >= Level.WARNING.intValue() ? r.getLevel() + " " : "";
                    log.info(level + r.getLoggerName() + ": " + r.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
    }
}
