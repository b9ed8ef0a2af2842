package raft.core;

/**
 * One single-server change (thesis 4.1, with the 2015 fix: a leader changes the configuration
 * only after an entry of its own term has committed, and only when no change is in flight).
 */
public sealed interface MembershipChange {
    /**
     * Whether configuration m shows this change done (an Add not staying a learner: as a
     * voter, i.e. promoted). The node completes a change's future when its committed
     * configuration does; a client retrying after a lost answer can ask the same.
     */
    default boolean appliedIn(Membership m) {
        if (this instanceof Add a) {
            return a.stayLearner() ? m.isLearner(a.member().id()) : m.isVoter(a.member().id());
        }
        if (this instanceof Promote p) {
            return m.isVoter(p.id());
        }
        return !m.contains(((Remove) this).id());
    }
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
