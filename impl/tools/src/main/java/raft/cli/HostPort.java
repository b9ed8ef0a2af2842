package raft.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.net.InetSocketAddress;

/** HOST:PORT, or PORT alone for 127.0.0.1 (--peers, --listen, --client, --servers). */
final class HostPort implements ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
        String s = value.trim();
        int colon = s.lastIndexOf(':');
        try {
            int port = Integer.parseInt(s.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            String host = colon < 0 ? "127.0.0.1" : s.substring(0, colon);
            if (host.isEmpty()) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("expected HOST:PORT, got '" + value + "'");
        }
    }
}
