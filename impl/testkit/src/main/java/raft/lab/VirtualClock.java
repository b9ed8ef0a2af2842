package raft.lab;

import raft.node.Scheduler;
import raft.sim.Fibers;
import raft.sim.TraceDigest;
import raft.sim.VirtualTime;

import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/** Virtual time: one event queue, test threads as cooperative fibers, everything seeded. */
public final class VirtualClock implements LabClock {
    private final long seed;
    private final TraceDigest digest = new TraceDigest();
    private final VirtualTime time = new VirtualTime(digest);
    private final Fibers fibers;
    private final SplittableRandom random;
    private final SplittableRandom networkRandom;

    /** Must be created on the thread that runs the test body (it becomes the main fiber). */
    public VirtualClock(long seed) {
        this.seed = seed;
        this.fibers = new Fibers(time);
        this.random = new SplittableRandom(LabClock.mix(seed, 1, 0));
        this.networkRandom = new SplittableRandom(LabClock.mix(seed, 2, 0));
        time.setWallLimit(Long.getLong("lab.wallLimitSeconds", 300) * 1000);
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public long nowMillis() {
        return time.nowMillis();
    }

    @Override
    public void sleep(long millis) {
        fibers.sleep(millis);
    }

    @Override
    public Task spawn(String name, Runnable body) {
        Fibers.Fiber f = fibers.spawn(name, body);
        return f::join;
    }

    @Override
    public Scheduler scheduler() {
        return time;
    }

    @Override
    public Executor applyExecutor(String name) {
        // events at one instant run in submission order, so deliveries stay in order
        return task -> time.schedule(0, VirtualTime.APPLY, task);
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public RandomGenerator networkRandom() {
        return networkRandom;
    }

    @Override
    public RandomGenerator nodeRandom(int server, int generation) {
        return new SplittableRandom(LabClock.mix(seed, 3 + server, generation));
    }

    @Override
    public void fail(Throwable t) {
        fibers.fail(t);
    }

    @Override
    public void checkFailure() {
        Throwable t = fibers.fatal();
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    public VirtualTime time() {
        return time;
    }

    public long eventsExecuted() {
        return time.executed();
    }

    @Override
    public String digest() {
        return digest.hex();
    }

    @Override
    public void close() {
        fibers.close();
    }
}
