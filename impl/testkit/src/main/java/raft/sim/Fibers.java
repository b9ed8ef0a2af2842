package raft.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Test "threads" on virtual time. Each fiber is a real Java thread, but only the fiber
 * holding the baton runs; sleep() and join() hand the baton to the event loop, which runs
 * on the yielding thread until a wake-up for some fiber pops out of the queue. The order
 * of everything is therefore fixed by the event queue, and a seed replays exactly.
 */
public final class Fibers {

    /** Thrown in a fiber that is torn down while parked (test over or failed elsewhere). */
    public static final class Aborted extends RuntimeException {
        Aborted() {
            super("fiber aborted", null, false, false);
        }
    }

    public final class Fiber {
        final String name;
        final Semaphore baton = new Semaphore(0);
        final List<Fiber> joiners = new ArrayList<>();
        Thread thread;
        volatile boolean done;
        volatile Throwable failure;

        Fiber(String name) {
            this.name = name;
        }

        public void join() {
            Fibers.this.join(this);
        }

        public Throwable failure() {
            return failure;
        }
    }

    private record Wake(Fiber fiber) implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("wake events are handled by the loop");
        }
    }

    private final VirtualTime time;
    private final List<Fiber> spawned = new ArrayList<>();
    private final Fiber main;
    private Fiber running;
    private volatile Throwable fatal;
    private volatile boolean closed;

    /** The calling thread becomes the main fiber and holds the baton. */
    public Fibers(VirtualTime time) {
        this.time = time;
        this.main = new Fiber("main");
        main.thread = Thread.currentThread();
        running = main;
    }

    public VirtualTime time() {
        return time;
    }

    /** The first failure of any fiber or event; the main fiber rethrows it. */
    public Throwable fatal() {
        return fatal;
    }

    public void fail(Throwable t) {
        if (fatal == null) {
            fatal = t;
        }
    }

    public Fiber spawn(String name, Runnable body) {
        checkCaller();
        Fiber f = new Fiber(name);
        Thread t = new Thread(() -> {
            try {
                f.baton.acquire();
            } catch (InterruptedException e) {
                f.done = true;
                return;
            }
            if (!closed) {
                try {
                    body.run();
                } catch (Aborted a) {
                    // torn down while parked
                } catch (Throwable x) {
                    f.failure = x;
                    fail(x);
                }
                finish(f);
            }
        }, "fiber-" + name);
        t.setDaemon(true);
        f.thread = t;
        spawned.add(f);
        t.start();
        time.schedule(0, VirtualTime.WAKE, new Wake(f));
        return f;
    }

    public void sleep(long millis) {
        Fiber me = checkCaller();
        rethrowIfFailed(me);
        time.schedule(millis, VirtualTime.WAKE, new Wake(me));
        park(me);
        rethrowIfFailed(me);
    }

    public void join(Fiber f) {
        Fiber me = checkCaller();
        if (!f.done) {
            f.joiners.add(me);
            park(me);
        }
        rethrowIfFailed(me);
    }

    /** Ends the run: parked fibers are interrupted and exit without running anything. */
    public void close() {
        closed = true;
        for (Fiber f : spawned) {
            if (!f.done && f.thread != Thread.currentThread()) {
                f.thread.interrupt();
            }
        }
    }

    private Fiber checkCaller() {
        if (running == null || running.thread != Thread.currentThread()) {
            throw new IllegalStateException("virtual-time call from a thread that is not the running fiber: "
                    + Thread.currentThread().getName());
        }
        return running;
    }

    private void rethrowIfFailed(Fiber me) {
        Throwable t = fatal;
        if (t == null) {
            return;
        }
        if (me != main) {
            throw new Aborted();
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }

    /** Runs events on this thread until this fiber's own wake-up, or hands the baton on. */
    private void park(Fiber me) {
        while (true) {
            if (fatal != null || closed) {
                if (me == main) {
                    return;
                }
                throw new Aborted();
            }
            VirtualTime.Event e = time.next();
            if (e == null) {
                fail(new IllegalStateException("simulation deadlock: no pending event while fiber "
                        + me.name + " waits"));
                return;
            }
            if (e.task instanceof Wake w) {
                if (w.fiber == me) {
                    return;
                }
                if (w.fiber.done) {
                    continue;
                }
                handOff(me, w.fiber);
                return;
            }
            runEvent(e);
        }
    }

    private void runEvent(VirtualTime.Event e) {
        try {
            e.task.run();
        } catch (Aborted a) {
            throw a;
        } catch (Throwable t) {
            fail(t);
        }
    }

    private void handOff(Fiber me, Fiber to) {
        running = to;
        to.baton.release();
        try {
            me.baton.acquire();
        } catch (InterruptedException ie) {
            throw new Aborted();
        }
        if (closed && me != main) {
            throw new Aborted();
        }
    }

    /** A finished fiber keeps the loop going on its own thread until someone else may run. */
    private void finish(Fiber f) {
        f.done = true;
        for (Fiber j : f.joiners) {
            time.schedule(0, VirtualTime.WAKE, new Wake(j));
        }
        while (!closed) {
            if (fatal != null) {
                running = main;
                main.baton.release();
                return;
            }
            VirtualTime.Event e = time.next();
            if (e == null) {
                fail(new IllegalStateException("simulation deadlock after fiber " + f.name + " ended"));
                continue;
            }
            if (e.task instanceof Wake w) {
                if (w.fiber == f || w.fiber.done) {
                    continue;
                }
                running = w.fiber;
                w.fiber.baton.release();
                return;
            }
            runEvent(e);
        }
    }
}
