package raft.lab;

import raft.core.Message;
import raft.core.ApplyMsg;
import raft.node.Scheduler;
import raft.core.StartResult;
import raft.node.TermState;
import raft.node.Transport;
import raft.persister.MemoryPersister;

import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/** The Raft peer as the tester sees it (the lab's Make/Start/GetState/Snapshot/Kill). */
public interface LabPeer {
    StartResult start(byte[] command);

    TermState state();

    void snapshot(long index, byte[] snapshot);

    void receive(Message m);

    void kill();

    /** Builds one instance of server id over its persister. */
    @FunctionalInterface
    interface Factory {
        LabPeer create(int id, int n, MemoryPersister persister, Transport transport, Consumer<ApplyMsg> applier,
                       Scheduler scheduler, Executor applyExecutor, RandomGenerator random);
    }
}
