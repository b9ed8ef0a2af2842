package raft.cli;

import raft.core.Member;
import raft.core.Membership;
import raft.core.MembershipChange;
import raft.core.MembershipException;
import raft.core.Message;
import raft.core.StartResult;
import raft.kv.ClientListener;
import raft.kv.KvService;
import raft.kv.MemberAddress;
import raft.node.Replica;
import raft.node.TermState;
import raft.transport.RoundTripProbe;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A scripted cluster for the membership commands: real client listeners and services over fake
 * Replicas that share one configuration. One node leads; the others refuse with its id as hint.
 * The leader applies the core's rules (no duplicate id, not the last voter, one change at a
 * time); with hold set a change stays in flight until release().
 */
final class FakeMembers implements AutoCloseable {
    private Membership config;
    private CompletableFuture<Membership> inFlight;
    private MembershipChange held;
    volatile boolean hold;
    volatile int leader;
    final List<InetSocketAddress> clientAddresses = new ArrayList<>();
    private final List<ClientListener> listeners = new ArrayList<>();

    FakeMembers(int n, int leader) throws InterruptedException {
        this.leader = leader;
        List<Member> voters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            InetSocketAddress c = RoundTripProbe.freeLoopbackAddress();
            clientAddresses.add(c);
            voters.add(new Member(i, MemberAddress.of(new InetSocketAddress("127.0.0.1", 7000 + i), c).toString()));
        }
        config = Membership.ofVoters(voters);
        for (int i = 0; i < n; i++) {
            listeners.add(new ClientListener(clientAddresses.get(i), new KvService(new Node(i), 0), false));
        }
    }

    synchronized Membership config() {
        return config;
    }

    /** Commits the change held in flight. */
    synchronized void release() {
        config = apply(held);
        inFlight.complete(config);
        inFlight = null;
    }

    /** The change in flight fails as a real leader's does when it loses leadership before the commit. */
    synchronized void loseLeadership() {
        inFlight.completeExceptionally(new MembershipException("leadership lost before the change committed", -1, true));
        inFlight = null;
    }

    /**
     * When set, the next Add commits as a learner and the leader is deposed at once, before
     * the future is returned (leadership lost between the proposal and the service's look at
     * it), and this id leads instead; a real new leader does not finish its predecessor's promotion.
     */
    volatile int deposeOnAddTo = -1;

    synchronized boolean changeInFlight() {
        return inFlight != null;
    }

    private synchronized CompletableFuture<Membership> change(int self, MembershipChange c) {
        if (self != leader) {
            return CompletableFuture.failedFuture(new MembershipException("not the leader", leader));
        }
        if (inFlight != null) {
            return CompletableFuture.failedFuture(new MembershipException("a membership change is in flight", -1));
        }
        Membership next;
        try {
            next = apply(c);
        } catch (MembershipException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (deposeOnAddTo >= 0 && c instanceof MembershipChange.Add a) {
            config = apply(new MembershipChange.Add(a.member(), true));
            leader = deposeOnAddTo;
            deposeOnAddTo = -1;
            return CompletableFuture.failedFuture(
                    new MembershipException("leadership lost before the change committed", -1, true));
        }
        if (hold) {
            held = c;
            inFlight = new CompletableFuture<>();
            return inFlight;
        }
        config = next;
        return CompletableFuture.completedFuture(next);
    }

    private Membership apply(MembershipChange c) {
        List<Member> voters = new ArrayList<>(config.voters());
        List<Member> learners = new ArrayList<>(config.learners());
        if (c instanceof MembershipChange.Add a) {
            if (config.contains(a.member().id())) {
                throw new MembershipException("server " + a.member().id() + " is already a member", -1);
            }
            (a.stayLearner() ? learners : voters).add(a.member());
        } else if (c instanceof MembershipChange.Remove r) {
            if (!config.contains(r.id())) {
                throw new MembershipException("server " + r.id() + " is not a member", -1);
            }
            if (config.isVoter(r.id()) && voters.size() == 1) {
                throw new MembershipException("cannot remove the last voter", -1);
            }
            voters.removeIf(m -> m.id() == r.id());
            learners.removeIf(m -> m.id() == r.id());
        } else {
            int id = ((MembershipChange.Promote) c).id();
            Member m = config.member(id).filter(x -> config.isLearner(id))
                    .orElseThrow(() -> new MembershipException("server " + id + " is not a learner", -1));
            learners.remove(m);
            voters.add(m);
        }
        return new Membership(voters, learners);
    }

    @Override
    public void close() {
        listeners.forEach(ClientListener::close);
    }

    private final class Node implements Replica {
        final int id;

        Node(int id) {
            this.id = id;
        }

        @Override
        public StartResult start(byte[] command) {
            return new StartResult(-1, 1, false);
        }

        @Override
        public TermState state() {
            return new TermState(1, id == leader);
        }

        @Override
        public void snapshot(long index, byte[] snapshot) {}

        @Override
        public void receive(Message message) {}

        @Override
        public Membership membership() {
            return config();
        }

        @Override
        public CompletableFuture<Membership> changeMembership(MembershipChange change) {
            return change(id, change);
        }

        @Override
        public void kill() {}
    }
}
