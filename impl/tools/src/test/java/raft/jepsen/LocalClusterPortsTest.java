package raft.jepsen;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness's ports stay out of the range the kernel hands to outbound connections. */
class LocalClusterPortsTest {

    @Test
    void portsAreDistinctBindableAndBelowTheEphemeralRange() throws Exception {
        int[] ports = LocalCluster.freePorts(26);
        assertEquals(26, Arrays.stream(ports).distinct().count(), Arrays.toString(ports));
        int low = LocalCluster.ephemeralLow();
        if (java.nio.file.Files.exists(LocalCluster.RANGE)) {
            // Read the kernel's own way: the harness must see the real low end, not a fallback.
            String line = java.nio.file.Files.readAllLines(LocalCluster.RANGE).get(0).trim();
            assertEquals(Integer.parseInt(line.split("\\s+")[0]), low, line);
        }
        for (int p : ports) {
            if (low > 10_000 + 50 * 26) {
                assertTrue(p >= 10_000 && p < low, p + " should lie in [10000, " + low + ")");
            }
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(p, s.getLocalPort());
            }
        }
    }
}
