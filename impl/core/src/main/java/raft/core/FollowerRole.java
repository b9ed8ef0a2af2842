package raft.core;

/** A follower remembers whom it last heard from as leader of the current term (-1 if nobody yet). */
final class FollowerRole implements Role {
    int leaderId;

    FollowerRole(int leaderId) {
        this.leaderId = leaderId;
    }

    @Override
    public String name() {
        return "Follower";
    }
}
