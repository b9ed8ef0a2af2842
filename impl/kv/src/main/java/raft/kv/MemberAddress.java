package raft.kv;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * What this service puts in a configuration's {@link raft.core.Member#address()}:
 * {@code PEER_HOST:PEER_PORT/CLIENT_HOST:CLIENT_PORT}, where members dial each other and where
 * clients connect. The client half is optional (an operator may add a member by its Raft
 * address alone); without it `client members` prints "?" and a not-leader hint naming that
 * member cannot be followed. Hosts are kept as written, never resolved here.
 */
public record MemberAddress(String peerHost, int peerPort, String clientHost, int clientPort) {
    public static final String FORMAT = "PEER_HOST:PORT[/CLIENT_HOST:PORT]";

    public MemberAddress {
        if (clientHost == null) {
            clientPort = -1;
        }
    }

    public static MemberAddress of(InetSocketAddress peer, InetSocketAddress client) {
        return new MemberAddress(peer.getHostString(), peer.getPort(),
                client == null ? null : client.getHostString(), client == null ? -1 : client.getPort());
    }

    /** Parses the format above; IllegalArgumentException says what was expected. */
    public static MemberAddress parse(String text) {
        String s = text == null ? "" : text.trim();
        int slash = s.indexOf('/');
        String peer = slash < 0 ? s : s.substring(0, slash);
        String client = slash < 0 ? null : s.substring(slash + 1);
        String[] p = hostPort(peer, text);
        String[] c = client == null ? null : hostPort(client, text);
        return new MemberAddress(p[0], Integer.parseInt(p[1]), c == null ? null : c[0],
                c == null ? -1 : Integer.parseInt(c[1]));
    }

    private static String[] hostPort(String part, String whole) {
        int colon = part.lastIndexOf(':');
        String host = colon < 0 ? "" : part.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(part.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("member address '" + whole + "': expected " + FORMAT
                    + " with ports 1-65535, got '" + part + "'");
        }
        return new String[] {host, Integer.toString(port)};
    }

    public InetSocketAddress peer() {
        return new InetSocketAddress(peerHost, peerPort);
    }

    public Optional<InetSocketAddress> client() {
        return clientHost == null ? Optional.empty() : Optional.of(new InetSocketAddress(clientHost, clientPort));
    }

    public String peerText() {
        return peerHost + ":" + peerPort;
    }

    public String clientText() {
        return clientHost == null ? "?" : clientHost + ":" + clientPort;
    }

    @Override
    public String toString() {
        return clientHost == null ? peerText() : peerText() + "/" + clientText();
    }
}
