package raft.bench.load;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * CPU and allocation counters read before and after a measurement. CPU is this process's plus
 * its child processes' (the server JVMs of the 3-process setup); allocation is summed over this
 * JVM's live threads (HotSpot's per-thread counters), so it does not see the server processes.
 */
final class Resources {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Resources() {}

    static long cpuNanos() {
        long children = ProcessHandle.current().descendants()
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        return OS.getProcessCpuTime() + children;
    }

    static long allocatedBytes() {
        long sum = 0;
        for (long b : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            if (b > 0) {
                sum += b;
            }
        }
        return sum;
    }
}
