package raft.lab;

import raft.core.Membership;
import raft.core.MembershipChange;
import raft.core.Message;
import raft.core.StartResult;
import raft.node.Replica;
import raft.node.TermState;

import java.util.concurrent.CompletableFuture;

/** A Replica that forwards everything to a real one; tests override the one method they break. */
class DelegatingReplica implements Replica {
    final Replica inner;

    DelegatingReplica(Replica inner) {
        this.inner = inner;
    }

    @Override
    public StartResult start(byte[] command) {
        return inner.start(command);
    }

    @Override
    public TermState state() {
        return inner.state();
    }

    @Override
    public void snapshot(long index, byte[] snapshot) {
        inner.snapshot(index, snapshot);
    }

    @Override
    public void receive(Message message) {
        inner.receive(message);
    }

    @Override
    public Membership membership() {
        return inner.membership();
    }

    @Override
    public CompletableFuture<Membership> changeMembership(MembershipChange change) {
        return inner.changeMembership(change);
    }

    @Override
    public void kill() {
        inner.kill();
    }
}
