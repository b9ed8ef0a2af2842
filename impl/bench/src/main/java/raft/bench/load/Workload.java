package raft.bench.load;

import raft.kv.Command;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One row of the comparison: the mix of reads (GETs, at a read index or through the log, as the run
 * says) and writes (PUTs)
 * over a key space, the value size, how many operations are in flight, and whether the
 * log is fsynced per batch.
 */
public record Workload(String mix, double readFraction, int valueBytes, int inFlight, boolean fsync) {
    public static final int KEYS = 1000;

    public String name() {
        return String.format("%-13s %-5s %2s in flight, fsync %s", mix, valueBytes >= 1024 ? valueBytes / 1024 + "KiB"
                : valueBytes + "B", inFlight, fsync ? "on" : "off");
    }

    /** Stable id for the HTML anchors and the CSV. */
    public String id() {
        return mix.replace('%', 'p').replace(' ', '-') + "-" + valueBytes + "-" + inFlight + "-" + (fsync ? "fsync" : "nofsync");
    }

    public boolean nextIsRead(SplittableRandom r) {
        return readFraction > 0 && r.nextDouble() < readFraction;
    }

    public static String key(SplittableRandom r) {
        return "key" + r.nextInt(KEYS);
    }

    /** A value of exactly valueBytes ASCII characters (so as many UTF-8 bytes). */
    public String value(SplittableRandom r) {
        char[] c = new char[valueBytes];
        Arrays.fill(c, (char) ('a' + r.nextInt(26)));
        return new String(c);
    }

    /** The command a slot issues next (the in-process sides carry the session fields themselves). */
    public Command next(SplittableRandom r, boolean read, long clientId, long seq) {
        return read ? Command.get(clientId, seq, key(r)) : Command.put(clientId, seq, key(r), value(r));
    }
}
