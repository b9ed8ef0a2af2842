package raft.core;

/**
 * A membership change refused, with why in words a CLI can print as is: not the leader
 * (leaderHint is the leader's id if known, else -1), the id already a member, an unknown id,
 * removing the last voter, a change already in flight, or no entry of the leader's term
 * committed yet.
 */
public final class MembershipException extends RuntimeException {
    private final int leaderHint;

    public MembershipException(String message, int leaderHint) {
        super(message);
        this.leaderHint = leaderHint;
    }

    public int leaderHint() {
        return leaderHint;
    }
}
