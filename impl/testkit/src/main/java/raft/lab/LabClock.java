package raft.lab;

import raft.node.Scheduler;

import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * Everything time- and thread-related the lab harness uses, so each test body runs
 * unchanged in virtual time (deterministic, one seed) and in real time.
 */
public interface LabClock {

    interface Task {
        void join();
    }

    boolean isVirtual();

    /** The seed of every random source of the run (harness, network, nodes). */
    long seed();

    long nowMillis();

    /** A test thread's sleep; rethrows a failure recorded elsewhere in the run. */
    void sleep(long millis);

    /** A test thread (the Go test's goroutine). */
    Task spawn(String name, Runnable body);

    /** Timers and network deliveries. */
    Scheduler scheduler();

    /** A fresh in-order executor for one node instance's apply deliveries. */
    Executor applyExecutor(String name);

    /** The harness's own random source (the Go tester's rand). */
    RandomGenerator random();

    /** The network's random source. */
    RandomGenerator networkRandom();

    /** A seeded random source for one instance (generation) of one server. */
    RandomGenerator nodeRandom(int server, int generation);

    /** Records the run's first failure; every later sleep, check or join fails with it. */
    void fail(Throwable t);

    /** Throws the recorded failure, if any. */
    void checkFailure();

    /** A digest of everything the run executed (virtual time only; real time returns null). */
    String digest();

    void close();

    static long mix(long seed, long a, long b) {
        long z = seed + 0x9E3779B97F4A7C15L * (a + 1) + 0xBF58476D1CE4E5B9L * (b + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
