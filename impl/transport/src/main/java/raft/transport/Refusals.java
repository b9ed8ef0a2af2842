package raft.transport;

import io.netty.channel.Channel;
import raft.core.LogThrottle;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The log of refused connections on one port: each with its reason and the caller's address,
 * at most one line per caller host and reason per minute (a flood of garbage must not fill
 * the disk), the suppressed count carried on the next line. Counting stays with the callers'
 * counters; this is what an operator reads.
 */
public final class Refusals {
    private static final System.Logger LOG = System.getLogger("raft.transport");
    private final String port;
    private final LogThrottle throttle;

    /** @param port names the port in each line, e.g. "raft port 127.0.0.1:7000" */
    public Refusals(String port, LogThrottle throttle) {
        this.port = port;
        this.throttle = throttle;
    }

    public Refusals(String port) {
        this(port, LogThrottle.perMinute());
    }

    public void refused(Channel ch, String reason, String detail) {
        refused(ch == null ? null : ch.remoteAddress(), reason, detail, null);
    }

    /** With the exception that caused it, logged with its stack so the cause is never lost. */
    public void refused(Channel ch, String reason, Throwable cause) {
        refused(ch == null ? null : ch.remoteAddress(), reason, String.valueOf(cause.getMessage()), cause);
    }

    public void refused(SocketAddress from, String reason, String detail) {
        refused(from, reason, detail, null);
    }

    private void refused(SocketAddress from, String reason, String detail, Throwable cause) {
        String host = from instanceof InetSocketAddress a ? a.getHostString() : String.valueOf(from);
        long suppressed = throttle.admit(host + " " + reason);
        if (suppressed < 0) {
            return;
        }
        LOG.log(Level.WARNING, port + ": refused " + from + ": " + reason + (detail == null ? "" : " (" + detail + ")")
                + (suppressed > 0 ? "; " + suppressed + " more like it from " + host + " since the last line" : ""),
                cause);
    }
}
