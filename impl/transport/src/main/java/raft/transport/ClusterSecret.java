package raft.transport;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * The shared secret that authenticates a hello on a cluster without TLS. Each side proves it
 * knows the secret with HMAC-SHA256 over a role label, the cluster id, the node id it speaks
 * for, its incarnation and both sides' nonces: fresh nonces from both ends make a recorded
 * exchange useless to replay, and the role label keeps one side's proof from serving as the
 * other's.
 */
public final class ClusterSecret {
    /** Shorter secrets are refused: a guessable secret authenticates nothing. */
    public static final int MIN_BYTES = 16;
    private final SecretKeySpec key;

    public ClusterSecret(byte[] secret) {
        if (secret.length < MIN_BYTES) {
            throw new IllegalArgumentException("cluster secret has " + secret.length + " bytes; at least "
                    + MIN_BYTES + " are needed");
        }
        key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    byte[] proof(String role, String clusterId, int nodeId, long incarnation, byte[] callerNonce, byte[] serverNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] cluster = clusterId.getBytes(StandardCharsets.UTF_8);
            mac.update(role.getBytes(StandardCharsets.US_ASCII));
            mac.update(ByteBuffer.allocate(4 + cluster.length + 4 + 8)
                    .putInt(cluster.length).put(cluster).putInt(nodeId).putLong(incarnation).array());
            mac.update(callerNonce);
            return mac.doFinal(serverNonce);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);   // constant time: no timing hint about how much matched
    }
}
