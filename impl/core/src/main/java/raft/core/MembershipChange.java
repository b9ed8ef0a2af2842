package raft.core;

/**
 * One single-server change (thesis 4.1, with the 2015 fix: a leader changes the configuration
 * only after an entry of its own term has committed, and only when no change is in flight).
 */
public sealed interface MembershipChange {
    /**
     * Adds member as a learner. Unless stayLearner, the leader promotes it to voter once its
     * log is within RaftConfig's promotion distance of the leader's (a second change).
     */
    record Add(Member member, boolean stayLearner) implements MembershipChange {}

    /** A learner becomes a voter. */
    record Promote(int id) implements MembershipChange {}

    /** A voter or learner leaves; the leader may remove itself (it steps down once the change commits). */
    record Remove(int id) implements MembershipChange {}
}
