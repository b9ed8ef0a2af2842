package raft.node;

/** The lab's getState() pair, always read as one consistent snapshot. */
public record TermState(long term, boolean isLeader) {}
