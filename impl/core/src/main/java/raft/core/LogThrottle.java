package raft.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Says whether a log line about some key (a peer address, a refusal reason) may be written
 * now: at most once per key per period, so a flood of bad connections or a failing disk
 * cannot fill the log, while the first occurrence of each is always seen. Suppressed
 * occurrences are counted and reported with the next line that is let through.
 */
public final class LogThrottle {
    private record Window(long openedNanos, long suppressed) {}

    private final long periodNanos;
    private final LongSupplier nanoClock;
    private final int maxKeys;
    private final Map<Object, Window> windows = new ConcurrentHashMap<>();

    public LogThrottle(long periodMillis, LongSupplier nanoClock) {
        this(periodMillis, nanoClock, 10_000);
    }

    LogThrottle(long periodMillis, LongSupplier nanoClock, int maxKeys) {
        this.periodNanos = periodMillis * 1_000_000;
        this.nanoClock = nanoClock;
        this.maxKeys = maxKeys;
    }

    /** One line per key per minute, on the wall clock. */
    public static LogThrottle perMinute() {
        return new LogThrottle(60_000, System::nanoTime);
    }

    /**
     * -1 when a line about key must not be written now; otherwise how many occurrences were
     * suppressed since the last line (0 for a first occurrence).
     */
    public long admit(Object key) {
        long now = nanoClock.getAsLong();
        if (windows.size() >= maxKeys) {
            // Many distinct peers (a scan from many addresses): forget old windows rather than grow.
            windows.entrySet().removeIf(e -> now - e.getValue().openedNanos() >= periodNanos);
        }
        long[] result = {-1};
        windows.compute(key, (k, w) -> {
            if (w == null || now - w.openedNanos() >= periodNanos) {
                result[0] = w == null ? 0 : w.suppressed();
                return new Window(now, 0);
            }
            return new Window(w.openedNanos(), w.suppressed() + 1);
        });
        return result[0];
    }
}
