package raft.node;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs each task on the calling thread once opened; until then tasks wait, and open() runs
 * them. As a node's apply executor it saves the hand-off to an apply thread, a wake-up per
 * commit on the path of every write: the applier runs on whichever thread saw the commit
 * (the transport's I/O thread at a leader, the inbox thread at a follower), after the node's
 * lock is released (RaftNode's deliver keeps deliveries one at a time and in order). Open it
 * once the applier can take deliveries (its service exists): those queued by recovery wait.
 */
public final class InlineExecutor implements Executor {
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private volatile boolean open;

    @Override
    public void execute(Runnable task) {
        if (!open) {
            synchronized (waiting) {
                if (!open) {
                    waiting.add(task);
                    return;
                }
            }
        }
        task.run();
    }

    /** Runs the tasks that waited, on this thread and in order, then every later one at once. */
    public void open() {
        while (true) {
            Runnable next;
            synchronized (waiting) {
                next = waiting.poll();
                if (next == null) {
                    open = true;
                    return;
                }
            }
            next.run();
        }
    }
}
