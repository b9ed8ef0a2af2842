package raft.bench.microraft;

import io.microraft.statemachine.StateMachine;
import raft.kv.Command;
import raft.kv.KvStateMachine;
import raft.kv.Result;

import java.util.List;
import java.util.function.Consumer;

/**
 * MicroRaft's state machine: the same KvStateMachine and command encoding our service applies,
 * so the two sides differ only in the Raft layer. Runs on the MicroRaft node's thread.
 */
final class MicroKv implements StateMachine {
    private static final byte[] NEW_TERM = new byte[0];
    private KvStateMachine machine = new KvStateMachine();

    /** A GET run by query(): reads the key as our KvService's read path does (no session table). */
    record Query(String key) {}

    @Override
    public Object runOperation(long commitIndex, Object operation) {
        if (operation instanceof Query q) {
            return new Result(true, machine.read(q.key()));
        }
        byte[] b = (byte[]) operation;
        if (b.length == 0) {
            return null; // the entry a new leader appends
        }
        Result r = machine.apply(commitIndex, Command.decode(b));
        return r;
    }

    @Override
    public void takeSnapshot(long commitIndex, Consumer<Object> chunks) {
        chunks.accept(machine.snapshot());
    }

    @Override
    public void installSnapshot(long commitIndex, List<Object> chunks) {
        machine = new KvStateMachine();
        if (!chunks.isEmpty()) {
            machine.restore((byte[]) chunks.get(0));
        }
    }

    /** MicroRaft commits a leader's earlier-term entries through one of its own term, as Raft needs. */
    @Override
    public Object getNewTermOperation() {
        return NEW_TERM;
    }
}
