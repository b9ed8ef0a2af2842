package raft.core;

/**
 * What a leader knows of one member (Figure 2's nextIndex and matchIndex, plus commitSent:
 * the leaderCommit last told to it, and recentlyActive: it replied since the last check-quorum).
 */
final class Progress {
    long nextIndex;
    long matchIndex;
    long commitSent;
    boolean recentlyActive;

    Progress(long nextIndex) {
        this.nextIndex = nextIndex;
    }
}
