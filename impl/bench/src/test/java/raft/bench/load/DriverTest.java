package raft.bench.load;

import org.junit.jupiter.api.Test;
import raft.kv.Command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** What the driver issues, against a peer that answers every operation at once and records it. */
class DriverTest {

    /** Completes each operation on a thread of its own (never inside the caller's issue()). */
    static final class Recording implements Peer {
        final List<String> issued = Collections.synchronizedList(new ArrayList<>());
        private final ExecutorService answers = Executors.newSingleThreadExecutor();

        @Override
        public Slot slot() {
            return (w, r, read) -> {
                Command c = w.next(r, read, 1, issued.size() + 1);
                issued.add(c.op() + " " + c.key() + " " + c.value());
                return CompletableFuture.supplyAsync(() -> true, answers);
            };
        }

        @Override
        public void close() {
            answers.shutdownNow();
        }
    }

    /**
     * The sequential rows' rule: a timed run, then a run of as many operations with the same
     * seed, issue the same operations, so a 50 % mix has as many reads in both.
     */
    @Test
    void aRunOfTheSameSeedAndCountIssuesTheSameOperations() throws Exception {
        Workload w = new Workload("50% reads", 0.5, 16, 1, false);
        try (Recording first = new Recording(); Recording second = new Recording(); Recording other = new Recording()) {
            Driver.Sample a = Driver.run(first, w, 0, 200, 42);
            Driver.Sample b = Driver.runOps(second, w, 0, Driver.issued(a), 60_000, 42);
            assertEquals(Driver.issued(a), Driver.issued(b));
            assertEquals(first.issued, second.issued);
            assertEquals(a.reads().count(), b.reads().count());
            assertEquals(a.writes().count(), b.writes().count());
            // Another seed draws other operations: the equality above is not a property of any two runs.
            Driver.runOps(other, w, 0, Driver.issued(a), 60_000, 43);
            assertNotEquals(first.issued, other.issued);
        }
    }
}
