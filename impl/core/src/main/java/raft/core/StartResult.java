package raft.core;

/** The lab's start() triple: the index the command will have if committed. */
public record StartResult(long index, long term, boolean isLeader) {}
