package raft.core;

/**
 * A follower remembers whom it last heard from as leader of the current term (-1 if nobody
 * yet) and how many ticks ago: while that is under the minimum election timeout it refuses
 * pre-votes (leader stickiness, thesis 9.6).
 */
final class FollowerRole implements Role {
    int leaderId;
    int ticksSinceLeader;

    FollowerRole(int leaderId) {
        this.leaderId = leaderId;
    }

    boolean heardFromLeaderWithin(int ticks) {
        return leaderId != -1 && ticksSinceLeader < ticks;
    }

    @Override
    public String name() {
        return "Follower";
    }
}
