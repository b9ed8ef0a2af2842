package raft.core;

/** One log entry. Indices are 1-based; the command bytes are opaque to Raft. */
public record Entry(long index, long term, byte[] command) {}
