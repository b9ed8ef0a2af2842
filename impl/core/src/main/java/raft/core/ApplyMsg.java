package raft.core;

/** What the node hands the service, in index order, exactly once each. */
public sealed interface ApplyMsg {
    long index();

    record Command(long index, long term, byte[] command) implements ApplyMsg {}

    record Snapshot(long index, long term, byte[] snapshot) implements ApplyMsg {}
}
