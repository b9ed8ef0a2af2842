package raft.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Self-signed EC certificates and PKCS12 stores for local test clusters (the TLS tests, the
 * jepsen harness), made in-process with the JDK alone (a keytool process per step costs
 * seconds on a busy machine). The certificate is the smallest X.509 v3 a TLS stack accepts:
 * subject = issuer = CN, no extensions, signed SHA256withECDSA. A production cluster uses
 * certificates from its own CA, each naming its node as {@link NodeIdentity} describes.
 */
public final class LocalCertificates {
    private LocalCertificates() {}

    record Identity(KeyPair keys, X509Certificate certificate) {}

    /**
     * One key store per node (DIR/node-I.p12, its certificate naming raft://CLUSTER/I) and one
     * trust store holding every node's certificate (DIR/trust.p12), all under password.
     */
    public static void writeClusterStores(Path dir, String clusterId, int nodes, char[] password)
            throws GeneralSecurityException, IOException {
        Files.createDirectories(dir);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < nodes; i++) {
            Identity id = selfSigned(NodeIdentity.uri(clusterId, i));
            writeKeyStore(keyStore(dir, i), password, id);
            trust.setCertificateEntry("node-" + i, id.certificate());
        }
        store(trust, trustStore(dir), password);
    }

    public static Path keyStore(Path dir, int node) {
        return dir.resolve("node-" + node + ".p12");
    }

    public static Path trustStore(Path dir) {
        return dir.resolve("trust.p12");
    }

    static Identity selfSigned(String commonName) throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = gen.generateKeyPair();
        byte[] ecdsaWithSha256 = der(0x30, der(0x06, new byte[] {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 4, 3, 2}));
        byte[] name = der(0x30, der(0x31, der(0x30,
                der(0x06, new byte[] {0x55, 4, 3}), der(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        DateTimeFormatter utc = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
        byte[] validity = der(0x30,
                der(0x17, now.minusHours(1).format(utc).getBytes(StandardCharsets.US_ASCII)),
                der(0x17, now.plusDays(2).format(utc).getBytes(StandardCharsets.US_ASCII)));
        byte[] tbs = der(0x30,
                der(0xA0, der(0x02, new byte[] {2})),                       // version v3
                der(0x02, BigInteger.valueOf(System.nanoTime() & Long.MAX_VALUE).toByteArray()),
                ecdsaWithSha256, name, validity, name,
                keys.getPublic().getEncoded());                              // SubjectPublicKeyInfo, DER already
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] sig = signer.sign();
        byte[] bitString = new byte[sig.length + 1];                         // leading 0: no unused bits
        System.arraycopy(sig, 0, bitString, 1, sig.length);
        byte[] cert = der(0x30, tbs, ecdsaWithSha256, der(0x03, bitString));
        X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(cert));
        x509.verify(keys.getPublic());
        return new Identity(keys, x509);
    }

    static void writeKeyStore(Path file, char[] password, Identity id) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("node", id.keys().getPrivate(), password, new Certificate[] {id.certificate()});
        store(ks, file, password);
    }

    static void writeTrustStore(Path file, char[] password, X509Certificate trusted)
            throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("cluster", trusted);
        store(ks, file, password);
    }

    private static void store(KeyStore ks, Path file, char[] password) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password);
        }
    }

    /** One DER element: tag, definite length, the concatenated contents. */
    private static byte[] der(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : contents) {
            body.writeBytes(c);
        }
        int len = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len & 0xFF);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}
