package raft.bench.load;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * CPU and allocation counters read before and after a measurement. CPU is this process's plus
 * its child processes' (the server JVMs of the 3-process setup); allocation comes from HotSpot's
 * per-thread counters of this JVM, so it does not see the server processes, and a thread that
 * ends during a measurement takes its share with it (the harness's threads live throughout).
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

    /** Bytes allocated so far by each live thread, by thread id. */
    static java.util.Map<Long, Long> allocatedBytes() {
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                out.put(ids[i], bytes[i]);
            }
        }
        return out;
    }

    /** Allocated between two readings by the threads alive at the second (new ones from zero). */
    static long allocatedSince(java.util.Map<Long, Long> before) {
        long sum = 0;
        for (var e : allocatedBytes().entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }
}
