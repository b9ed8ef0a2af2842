package raft.kv;

import raft.core.Member;
import raft.core.Membership;
import raft.core.MembershipChange;
import raft.core.MembershipException;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * The server side of a CHANGE request: turns Raft's answer into a client status. A change
 * refused changed nothing: NOT_LEADER (with the leader's id and address, when this node knows
 * them) if this node does not lead, else ERROR with Raft's reason. A change that fails after it
 * was accepted (MembershipException.accepted(): leadership lost, say) may or may not commit
 * later: UNCERTAIN, so the client neither claims it failed nor sends it again. The exception
 * says which, not the timing: leadership can be lost between the proposal and this check.
 */
final class MembershipRequests {
    private MembershipRequests() {}

    static void change(KvService service, MembershipChange change, BiConsumer<Wire.Status, byte[]> reply) {
        CompletableFuture<Membership> f;
        try {
            f = service.changeMembership(change);
        } catch (MembershipException e) {
            f = CompletableFuture.failedFuture(e);
        }
        boolean refusedOnTheSpot = f.isCompletedExceptionally();
        f.whenComplete((m, err) -> {
            if (err == null) {
                reply.accept(Wire.Status.OK, MembershipWire.encode(m));
                return;
            }
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            boolean refused = cause instanceof MembershipException me ? !me.accepted() : refusedOnTheSpot;
            if (refused && cause instanceof MembershipException me && !service.raftState().isLeader()) {
                reply.accept(Wire.Status.NOT_LEADER, MembershipWire.encode(hint(service, me.leaderHint())));
            } else if (refused) {
                reply.accept(Wire.Status.ERROR, utf8(String.valueOf(cause.getMessage())));
            } else {
                reply.accept(Wire.Status.UNCERTAIN, utf8(String.valueOf(cause.getMessage())));
            }
        });
    }

    private static MembershipWire.Hint hint(KvService service, int leader) {
        String address = "";
        if (leader >= 0) {
            try {
                address = service.membership().member(leader).map(Member::address).orElse("");
            } catch (UnsupportedOperationException e) {
                // no configuration to look the leader up in: the id alone
            }
        }
        return new MembershipWire.Hint(leader, address);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
