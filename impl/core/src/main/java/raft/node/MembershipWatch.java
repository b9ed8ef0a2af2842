package raft.node;

import raft.core.Membership;
import raft.core.MembershipChange;
import raft.core.MembershipException;
import raft.core.RaftCore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The node's side of membership: the changes proposed here and not yet decided, and the
 * latest configuration to report to the service's listener. A change is done when the
 * committed configuration shows it (an Add to end as a voter: once the promotion committed);
 * it fails when this node stops leading the term it was proposed in first. The listener hears
 * every latest configuration in order, outside the node's lock; a slower thread never reports
 * an older one after a newer.
 */
final class MembershipWatch {
    private record Pending(MembershipChange change, long term, CompletableFuture<Membership> future) {}

    private final Consumer<Membership> listener;
    private final List<Pending> pending = new ArrayList<>();
    /** Latest configuration seen under the node's lock, with a version bumped on each change. */
    private volatile Membership latest;
    private volatile long version;
    private volatile long reportedVersion;

    MembershipWatch(Consumer<Membership> listener) {
        this.listener = listener;
    }

    /** Under the node's lock: a change the core accepted in term. */
    CompletableFuture<Membership> track(MembershipChange change, long term) {
        CompletableFuture<Membership> f = new CompletableFuture<>();
        pending.add(new Pending(change, term, f));
        return f;
    }

    /**
     * Under the node's lock, after each input: decides pending changes (the results go to done,
     * to be completed outside the lock) and notes a new latest configuration.
     */
    void check(RaftCore core, List<Runnable> done) {
        Membership now = core.membership();
        if (!now.equals(latest)) {
            latest = now;
            version++;
        }
        if (pending.isEmpty()) {
            return;
        }
        Membership committed = core.committedMembership();
        for (var it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.change.appliedIn(committed)) {
                it.remove();
                done.add(() -> p.future.complete(committed));
            } else if (!core.isLeader() || core.currentTerm() != p.term) {
                it.remove();
                MembershipException lost = new MembershipException("leadership lost before the change committed",
                        core.leaderId(), true);
                done.add(() -> p.future.completeExceptionally(lost));
            }
        }
    }

    /** Under the node's lock, at kill(): every pending change fails. */
    void failAll(List<Runnable> done) {
        for (Pending p : pending) {
            done.add(() -> p.future.completeExceptionally(new MembershipException("node stopped", -1, true)));
        }
        pending.clear();
    }

    /** Outside the lock: tells the listener the latest configuration if it has not heard it yet. */
    void report() {
        if (listener == null || version == reportedVersion) {
            return;   // nothing new: most inputs stop here without taking the monitor
        }
        synchronized (this) {
            long v = version;
            Membership m = latest;
            if (v > reportedVersion && m != null) {
                reportedVersion = v;
                listener.accept(m);
            }
        }
    }
}
