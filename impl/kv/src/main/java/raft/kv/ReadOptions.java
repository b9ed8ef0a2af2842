package raft.kv;

/**
 * The service's read path. followerReads: a follower answers GETs itself, at a read index it
 * asks the leader for. unsafeReads: a node that believes it leads answers from local state
 * without confirming it still does -- NOT linearizable (a deposed leader answers stale), kept
 * to show the checker catching it.
 */
public record ReadOptions(ReadMode mode, boolean followerReads, boolean unsafeReads) {
    public static ReadOptions log() {
        return new ReadOptions(ReadMode.LOG, false, false);
    }
}
