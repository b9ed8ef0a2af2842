package raft.node;

import java.util.PriorityQueue;

/** Test-only virtual clock: tasks run in (time, insertion) order on the calling thread. */
final class VirtualScheduler implements Scheduler {
    private record Task(long at, long seq, Runnable run, boolean[] cancelled) {}

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        boolean[] cancelled = new boolean[1];
        queue.add(new Task(now + delayMillis, seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    void runFor(long millis) {
        long end = now + millis;
        while (!queue.isEmpty() && queue.peek().at <= end) {
            Task t = queue.poll();
            now = t.at;
            if (!t.cancelled[0]) {
                t.run.run();
            }
        }
        now = end;
    }
}
