package raft.spec.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import raft.core.Message;
import raft.core.SpecAction;
import raft.core.TraceEvent;

/**
 * Renumbers the core's read rounds as RaftLeadership.tla's reads. The core numbers rounds
 * 1, 2, ... per leader and term (a new LeaderRole each term); the spec numbers reads 1, 2, ...
 * across the cluster (readCount), in the order of their ReadIndex steps, which is the trace's
 * order. So the k-th ReadIndex event of node i in term t is the round (i, t, k), and the n-th
 * ReadIndex event of the trace is spec read n.
 *
 * A ReadHeartbeatReply carries the replier's term, not the round's, so it cannot be looked up
 * by (leader, term, round) when the replier's term was higher. Its read id is the one of the
 * request it answers, recorded when the replier's HandleReadHeartbeatRequest event is seen.
 * Not thread-safe: the writer calls it under its lock.
 */
final class ReadIds {
    /** Unknown round: written as is, so the trace fails validation at that event. */
    static final long UNKNOWN = -1;

    private record Round(int leader, long term, long round) {}

    /** A reply as the core sends it (replier, leader, replier's term, round). */
    private record ReplyKey(int from, int to, long term, long round) {}

    /** A request a reply with that key may answer: its term and spec read id. */
    private record Answered(long term, long specId) {}

    private long reads;
    private final Map<Round, Long> specIds = new HashMap<>();
    private final Map<Round, Long> roundsIn = new HashMap<>();
    private final Map<ReplyKey, List<Answered>> replies = new HashMap<>();

    /** Called for every event before its message is written. */
    void observe(TraceEvent e) {
        if (e.action() == SpecAction.ReadIndex) {
            Round termOf = new Round(e.node(), e.currentTerm(), 0);
            long k = roundsIn.merge(termOf, 1L, Long::sum);
            specIds.put(new Round(e.node(), e.currentTerm(), k), ++reads);
        } else if (e.action() == SpecAction.HandleReadHeartbeatRequest
                && e.message() instanceof Message.ReadHeartbeat h) {
            // The core replies with its term after the step, which the event records.
            replies.computeIfAbsent(new ReplyKey(e.node(), h.from(), e.currentTerm(), h.readId()), x -> new ArrayList<>())
                    .add(new Answered(h.term(), request(h)));
        }
    }

    /** The spec id of the round a ReadHeartbeat asks about. */
    long request(Message.ReadHeartbeat h) {
        return specIds.getOrDefault(new Round(h.from(), h.term(), h.readId()), UNKNOWN);
    }

    /**
     * The spec id of the request a reply answers. Requests of several leader terms can draw
     * identical replies; the one of the reply's own term is the only one that can acknowledge
     * a round, so it is preferred; the others acknowledge nothing, in the core or the spec.
     */
    long reply(Message.ReadHeartbeatReply r) {
        List<Answered> as = replies.get(new ReplyKey(r.from(), r.to(), r.term(), r.readId()));
        if (as == null) {
            return UNKNOWN;
        }
        for (Answered a : as) {
            if (a.term() == r.term()) {
                return a.specId();
            }
        }
        return as.get(as.size() - 1).specId();
    }
}
