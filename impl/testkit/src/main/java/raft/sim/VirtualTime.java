package raft.sim;

import raft.node.Scheduler;

import java.util.PriorityQueue;

/**
 * A virtual clock and its event queue. Events run in (time, sequence) order, so two
 * runs that schedule the same events in the same order execute them identically.
 * Not thread-safe by itself: exactly one thread drives it at a time (see {@link Fibers}).
 */
public final class VirtualTime implements Scheduler {

    /** Guards against a livelock that keeps scheduling work at one instant. */
    private static final long MAX_EVENTS_PER_INSTANT = 5_000_000;

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final TraceDigest digest;
    private long now;
    private long seq;
    private long executed;
    private long eventsThisInstant;
    private long wallDeadlineNanos = Long.MAX_VALUE;

    public VirtualTime(TraceDigest digest) {
        this.digest = digest;
    }

    public static final class Event implements Comparable<Event>, Cancellable {
        final long time;
        final long seq;
        final int kind;
        final Runnable task;
        boolean cancelled;

        Event(long time, long seq, int kind, Runnable task) {
            this.time = time;
            this.seq = seq;
            this.kind = kind;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** Event kinds, folded into the trace digest. */
    public static final int TIMER = 1, DELIVERY = 2, APPLY = 3, WAKE = 4, OTHER = 5;

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        return schedule(delayMillis, TIMER, task);
    }

    public Event schedule(long delayMillis, int kind, Runnable task) {
        Event e = new Event(now + Math.max(0, delayMillis), seq++, kind, task);
        queue.add(e);
        return e;
    }

    /**
     * Fails the run once it has used this much wall-clock time, so a core that floods the queue
     * cannot hang a build. Only ever ends a run; never changes what a run does.
     */
    public void setWallLimit(long millis) {
        wallDeadlineNanos = System.nanoTime() + millis * 1_000_000;
    }

    public TraceDigest digest() {
        return digest;
    }

    public long executed() {
        return executed;
    }

    /** Removes and returns the next live event, advancing the clock to it; null when idle. */
    public Event next() {
        while (true) {
            Event e = queue.poll();
            if (e == null) {
                return null;
            }
            if (e.cancelled) {
                continue;
            }
            if (e.time != now) {
                now = e.time;
                eventsThisInstant = 0;
            } else if (++eventsThisInstant > MAX_EVENTS_PER_INSTANT) {
                throw new IllegalStateException("livelock: more than " + MAX_EVENTS_PER_INSTANT
                        + " events at virtual time " + now + " ms");
            }
            if ((++executed & 0xFFFF) == 0 && System.nanoTime() > wallDeadlineNanos) {
                throw new IllegalStateException("virtual-time run exceeded its wall-clock limit at virtual time "
                        + now + " ms after " + executed + " events");
            }
            digest.add(e.kind, e.time, e.seq);
            return e;
        }
    }

    /** Runs every event scheduled before or at time t; used when no test threads are involved. */
    public void runUntil(long t) {
        while (!queue.isEmpty() && peekTime() <= t) {
            Event e = next();
            if (e == null) {
                break;
            }
            e.task.run();
        }
        if (now < t) {
            now = t;
        }
    }

    private long peekTime() {
        Event e;
        while ((e = queue.peek()) != null && e.cancelled) {
            queue.poll();
        }
        return e == null ? Long.MAX_VALUE : e.time;
    }
}
