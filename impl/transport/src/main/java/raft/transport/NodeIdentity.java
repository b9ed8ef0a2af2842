package raft.transport;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which node a TLS certificate speaks for. A member's certificate names it as the URI
 * raft://CLUSTER/ID, in a subjectAltName of type URI or, failing that, as its CN; a
 * certificate the cluster trusts but that names another node (or none) is refused, so one
 * member's key cannot be used to claim another member's id.
 */
public final class NodeIdentity {
    private NodeIdentity() {}

    public static String uri(String clusterId, int nodeId) {
        return "raft://" + clusterId + "/" + nodeId;
    }

    /** The names a certificate carries: its URI subjectAltNames, else its CN. */
    public static List<String> names(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(6).equals(san.get(0))) {   // 6 = uniformResourceIdentifier
                        out.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return out;
        }
        if (out.isEmpty()) {
            try {
                for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        out.add(String.valueOf(rdn.getValue()));
                    }
                }
            } catch (InvalidNameException e) {
                return out;
            }
        }
        return out;
    }

    public static boolean names(X509Certificate cert, String clusterId, int nodeId) {
        return names(cert).contains(uri(clusterId, nodeId));
    }

    /** The peer's certificate on a TLS connection, null on plain TCP (or before the TLS handshake is done). */
    static X509Certificate peerCertificate(ChannelPipeline pipeline) {
        SslHandler ssl = pipeline.get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            return (X509Certificate) ssl.engine().getSession().getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException | ClassCastException | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }
}
