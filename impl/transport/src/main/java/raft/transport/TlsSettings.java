package raft.transport;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Mutual TLS between nodes from JDK keystores (PKCS12 or JKS, detected from the file).
 * keyStore holds this node's key and certificate; trustStore holds the cluster's CA (or
 * the cluster's certificate). Both ends require the other's certificate, so a process
 * without one the cluster trusts cannot connect, and cannot be connected to. Host names
 * are not checked (nodes are addressed by IP and port); identity is the certificate's
 * chain to the trust store plus the node it names ({@link NodeIdentity}): a caller's
 * certificate must name the id of its hello, and the node we dial must present the
 * certificate of the id we dialled.
 */
public record TlsSettings(Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword) {

    public SslContext serverContext() {
        try {
            return SslContextBuilder.forServer(keyManagers()).trustManager(trustManagers())
                    .clientAuth(ClientAuth.REQUIRE).sslProvider(SslProvider.JDK).protocols("TLSv1.3").build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot build TLS server context: " + e.getMessage(), e);
        }
    }

    public SslContext clientContext() {
        try {
            return SslContextBuilder.forClient().keyManager(keyManagers()).trustManager(trustManagers())
                    .sslProvider(SslProvider.JDK).protocols("TLSv1.3").build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot build TLS client context: " + e.getMessage(), e);
        }
    }

    /** This node's own certificate: the first key entry's in the key store. */
    public java.security.cert.X509Certificate ownCertificate() {
        KeyStore ks = load(keyStore, keyStorePassword);
        try {
            for (String alias : java.util.Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    return (java.security.cert.X509Certificate) ks.getCertificate(alias);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("key store " + keyStore + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("key store " + keyStore + " holds no key");
    }

    private KeyManagerFactory keyManagers() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(keyStore, keyStorePassword), keyStorePassword);
            return kmf;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("key store " + keyStore + ": " + e.getMessage(), e);
        }
    }

    private TrustManagerFactory trustManagers() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(trustStore, trustStorePassword));
            return tmf;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, char[] password) {
        try {
            return KeyStore.getInstance(file.toFile(), password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key store " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load key store " + file + ": " + e.getMessage(), e);
        }
    }
}
