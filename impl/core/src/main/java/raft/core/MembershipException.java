package raft.core;

/**
 * A membership change refused, with why in words a CLI can print as is: not the leader
 * (leaderHint is the leader's id if known, else -1), the id already a member, an unknown id,
 * removing the last voter, a change already in flight, or no entry of the leader's term
 * committed yet. Or, with accepted set, a change whose entry was appended but whose outcome
 * this node can no longer tell (leadership lost, node stopped): it may still commit, so a
 * client must not report it as refused nor blindly send it again.
 */
public final class MembershipException extends RuntimeException {
    private final int leaderHint;
    private final boolean accepted;

    /** A refusal: nothing was appended. */
    public MembershipException(String message, int leaderHint) {
        this(message, leaderHint, false);
    }

    public MembershipException(String message, int leaderHint, boolean accepted) {
        super(message);
        this.leaderHint = leaderHint;
        this.accepted = accepted;
    }

    /** The change's entry was appended: it may commit even though this future failed. */
    public boolean accepted() {
        return accepted;
    }

    public int leaderHint() {
        return leaderHint;
    }
}
