package raft.core;

/**
 * What the node hands the service, in index order, exactly once each. A Config is a committed
 * configuration entry: it takes an index like a command but is no command; a state machine
 * skips it (it only keeps index counting contiguous).
 */
public sealed interface ApplyMsg {
    long index();

    record Command(long index, long term, byte[] command) implements ApplyMsg {}

    record Snapshot(long index, long term, byte[] snapshot) implements ApplyMsg {}

    record Config(long index, long term, Membership membership) implements ApplyMsg {}
}
