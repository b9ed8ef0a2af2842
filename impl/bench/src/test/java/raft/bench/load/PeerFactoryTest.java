package raft.bench.load;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PeerFactoryTest {
    static final Peer STARTED = new Peer() {
        @Override
        public Slot slot() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    };

    @Test
    void aPortTakenBeforeItWasBoundIsStartedAgainInAFreshDirectory() throws Exception {
        List<Path> dirs = new ArrayList<>();
        Peer.Factory f = new Peer.Factory("t", (dir, fsync, readIndex) -> {
            dirs.add(dir);
            if (dirs.size() == 1) {
                throw new IllegalStateException("start failed", new BindException("Address already in use"));
            }
            return STARTED;
        });
        assertSame(STARTED, f.start(Path.of("d"), true, true));
        assertEquals(List.of(Path.of("d"), Path.of("d", "retry2")), dirs);
    }

    @Test
    void otherFailuresAndATakenPortEveryTimeAreNotHidden() {
        int[] calls = {0};
        Peer.Factory broken = new Peer.Factory("t", (dir, fsync, readIndex) -> {
            calls[0]++;
            throw new UncheckedIOException(new IOException("disk gone"));
        });
        assertThrows(UncheckedIOException.class, () -> broken.start(Path.of("d"), true, true));
        assertEquals(1, calls[0], "no retry for anything but a taken port");

        calls[0] = 0;
        Peer.Factory taken = new Peer.Factory("t", (dir, fsync, readIndex) -> {
            calls[0]++;
            throw new BindException("Address already in use");
        });
        assertThrows(BindException.class, () -> taken.start(Path.of("d"), true, true));
        assertEquals(Peer.Factory.ATTEMPTS, calls[0]);
    }
}
