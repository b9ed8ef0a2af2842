package raft.jcstress.harness;

import raft.node.Scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Virtual time: tasks are only captured; a probe's actor runs them by advancing the clock,
 * so "the election timer fires" happens on the thread and at the moment the probe picks.
 */
public final class ManualScheduler implements Scheduler {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long seq;

    private final class Task implements Comparable<Task>, Cancellable {
        final long due;
        final long order;
        final Runnable body;
        boolean cancelled;

        Task(long due, long order, Runnable body) {
            this.due = due;
            this.order = order;
            this.body = body;
        }

        @Override
        public int compareTo(Task o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(order, o.order);
        }

        @Override
        public void cancel() {
            synchronized (ManualScheduler.this) {
                cancelled = true;
                queue.remove(this);
            }
        }
    }

    @Override
    public synchronized long nowMillis() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(long delayMillis, Runnable task) {
        Task t = new Task(now + Math.max(0, delayMillis), seq++, task);
        queue.add(t);
        return t;
    }

    /** Moves the clock forward by millis and runs, on this thread, every task now due. */
    public void advance(long millis) {
        long target;
        synchronized (this) {
            target = now + millis;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    now = Math.max(now, target);
                    return;
                }
                queue.poll();
                now = Math.max(now, next.due);
                if (next.cancelled) {
                    continue;
                }
            }
            // Run outside the monitor: the task takes the node's lock and may schedule again.
            next.body.run();
        }
    }

    /** Advances in steps of stepMillis until done() or maxMillis of virtual time have passed. */
    public boolean advanceUntil(long stepMillis, long maxMillis, java.util.function.BooleanSupplier done) {
        for (long t = 0; t < maxMillis; t += stepMillis) {
            if (done.getAsBoolean()) {
                return true;
            }
            advance(stepMillis);
        }
        return done.getAsBoolean();
    }

    public synchronized int pending() {
        return queue.size();
    }

    /** Drops every pending task (a probe's arbiter uses it to stop timers it does not care about). */
    public synchronized List<Runnable> clear() {
        List<Runnable> out = new ArrayList<>();
        for (Task t : queue) {
            out.add(t.body);
        }
        queue.clear();
        return out;
    }
}
