package raft.transport;

import io.netty.channel.Channel;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Tells a restarted peer from two live processes that claim one node id. Every hello names
 * its process's incarnation (random per start). A new incarnation is taken for a restart and
 * replaces the old one's connection. If the old incarnation then dials again, both processes
 * are alive: the id is quarantined (both refused) for as long as both keep taking turns,
 * because two voters answering as one node can elect two leaders in one term. A restarted
 * node's new incarnation redialling (after a partition, say) is no alternation: the old one
 * dialled only before it.
 */
final class Incarnations {
    enum Verdict { SAME, RESTARTED, DUPLICATE }

    private final long windowNanos;
    private final LongSupplier nanoClock;
    /** When an incarnation last dialled: seq orders dials, nanos ages them out of the window. */
    private record Dial(long seq, long nanos) {}

    /** node id -> incarnation -> its last dial. */
    private final Map<Integer, Map<Long, Dial>> seen = new HashMap<>();
    private long dials;
    /** node id -> the incarnation whose connection we hold, and that connection. */
    private final Map<Integer, Long> current = new HashMap<>();
    private final Map<Integer, Channel> channels = new HashMap<>();

    Incarnations(long windowMillis, LongSupplier nanoClock) {
        this.windowNanos = windowMillis * 1_000_000;
        this.nanoClock = nanoClock;
    }

    /**
     * An authenticated caller's hello arrived on channel. Whatever the verdict, an older
     * connection from that id is closed: the same process dialling again has given up on it,
     * a restarted one left it half-open, and a duplicate loses both.
     */
    synchronized Verdict dialled(int nodeId, long incarnation, Channel channel) {
        Channel old = channels.remove(nodeId);
        if (old != null && old != channel) {
            old.close();
        }
        long now = nanoClock.getAsLong();
        Map<Long, Dial> bySeen = seen.computeIfAbsent(nodeId, k -> new HashMap<>());
        for (Iterator<Map.Entry<Long, Dial>> it = bySeen.entrySet().iterator(); it.hasNext(); ) {
            if (now - it.next().getValue().nanos() >= windowNanos) {
                it.remove();
            }
        }
        Dial previous = bySeen.get(incarnation);
        // X, then another incarnation, then X again: both are alive.
        boolean alternated = previous != null && bySeen.entrySet().stream()
                .anyMatch(e -> e.getKey() != incarnation && e.getValue().seq() > previous.seq());
        bySeen.put(incarnation, new Dial(++dials, now));
        if (alternated) {
            current.remove(nodeId);
            return Verdict.DUPLICATE;
        }
        channels.put(nodeId, channel);
        Long held = current.put(nodeId, incarnation);
        return held == null || held == incarnation ? Verdict.SAME : Verdict.RESTARTED;
    }

    /** The incarnations of nodeId seen within the window, for the log line. */
    synchronized String describe(int nodeId) {
        return String.valueOf(seen.getOrDefault(nodeId, Map.of()).keySet().stream()
                .map(Long::toHexString).sorted().toList());
    }
}
