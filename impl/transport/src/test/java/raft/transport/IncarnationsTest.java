package raft.transport;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static raft.transport.Incarnations.Verdict.*;

/** Restarts versus duplicates, on a virtual clock. */
class IncarnationsTest {
    long now;
    final Incarnations inc = new Incarnations(30_000, () -> now);

    Incarnations.Verdict dial(long incarnation) {
        now += 1_000_000;
        return inc.dialled(1, incarnation, new EmbeddedChannel());
    }

    @Test
    void aRestartedNodeRediallingIsNoDuplicate() {
        // Seen in the jepsen run: kill, restart, then the new process redials within the window.
        assertEquals(SAME, dial(0xA));
        assertEquals(SAME, dial(0xA));
        assertEquals(RESTARTED, dial(0xB));
        assertEquals(SAME, dial(0xB));
        assertEquals(SAME, dial(0xB));
        assertEquals(RESTARTED, dial(0xC));
        assertEquals(SAME, dial(0xC));
    }

    @Test
    void twoProcessesTakingTurnsAreDuplicatesUntilOneStops() {
        assertEquals(SAME, dial(0xA));
        assertEquals(RESTARTED, dial(0xB));
        assertEquals(DUPLICATE, dial(0xA));
        assertEquals(DUPLICATE, dial(0xB));
        assertEquals(DUPLICATE, dial(0xA));
        // B stops: A's next dial no longer follows one of B's, so it is let in.
        assertEquals(SAME, dial(0xA));
    }
}
