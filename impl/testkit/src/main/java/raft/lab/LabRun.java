package raft.lab;

import java.io.PrintStream;

/**
 * One run of one lab test under one clock. The test body creates its config through
 * {@link #make}; the run cleans it up and closes the clock whatever happens.
 */
public final class LabRun {

    @FunctionalInterface
    public interface Body {
        void run(LabRun run);
    }

    /** What a finished run reports. */
    public record Result(String test, long seed, boolean virtual, String digest, long virtualMillis, long events,
                         long wallMillis) {}

    private final LabClock clock;
    private final PeerFactory factory;
    private final PrintStream out;
    private LabConfig config;

    private LabRun(LabClock clock, PeerFactory factory, PrintStream out) {
        this.clock = clock;
        this.factory = factory;
        this.out = out;
    }

    public LabConfig make(int n, boolean unreliable, boolean snapshot) {
        if (config != null) {
            throw new IllegalStateException("one config per test");
        }
        config = new LabConfig(clock, factory, out, n, unreliable, snapshot);
        return config;
    }

    public static Result virtual(String test, Body body, long seed, PeerFactory factory, PrintStream out) {
        long w0 = System.nanoTime();
        VirtualClock clock = new VirtualClock(seed);
        LabRun run = new LabRun(clock, factory, out);
        try {
            body.run(run);
            clock.checkFailure();
        } catch (Throwable t) {
            throw new SeedFailure(test, seed, true, t);
        } finally {
            run.close();
        }
        return new Result(test, seed, true, clock.digest(), clock.nowMillis(), clock.eventsExecuted(),
                (System.nanoTime() - w0) / 1_000_000);
    }

    public static Result real(String test, Body body, long seed, PeerFactory factory, PrintStream out) {
        long w0 = System.nanoTime();
        RealClock clock = new RealClock(seed);
        LabRun run = new LabRun(clock, factory, out);
        try {
            body.run(run);
            clock.checkFailure();
        } catch (Throwable t) {
            throw new SeedFailure(test, seed, false, t);
        } finally {
            run.close();
        }
        long wall = (System.nanoTime() - w0) / 1_000_000;
        return new Result(test, seed, false, null, wall, 0, wall);
    }

    private void close() {
        try {
            if (config != null) {
                config.cleanup();
            }
        } finally {
            clock.close();
        }
    }

    /** A failed run, naming its seed and how to replay it. */
    public static final class SeedFailure extends AssertionError {
        private final long seed;

        public SeedFailure(String test, long seed, boolean virtual, Throwable cause) {
            super(message(test, seed, virtual, cause), cause);
            this.seed = seed;
        }

        public long seed() {
            return seed;
        }

        private static String message(String test, long seed, boolean virtual, Throwable cause) {
            String mode = virtual ? "virtual time" : "real time";
            String cls = Scenarios.EXTENSIONS.containsKey(test) ? "StickinessSimTest"
                    : ScenariosMembership.ALL.containsKey(test) ? "MembershipSimTest"
                    : virtual ? "Lab2VirtualTest" : "Lab2RealTimeTest";
            return test + " failed in " + mode + " with seed " + seed + ": " + cause
                    + (virtual ? "\n  replay: mvn -B -ntp -pl impl/testkit -am test -Dtest=" + cls + " -Dlab.test="
                    + test + " -Dlab.seed=" + seed + " -Dsurefire.failIfNoSpecifiedTests=false   or: ci/soak --test " + test + " --seed " + seed
                    : "\n  (real time does not replay exactly; the seed fixes only the random choices)");
        }
    }
}
