package raft.kv;

import java.util.Locale;

/**
 * How the service answers a GET. LOG: as a log entry, like a write. READ_INDEX: at the
 * leader's confirmed read index (thesis 6.4), no log write. LEASE: the same path; the node's
 * RaftConfig lease lets the leader skip the confirmation round while its lease holds.
 */
public enum ReadMode {
    LOG, READ_INDEX, LEASE;

    /** The option spelling: log, read-index, lease. */
    public String flag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ReadMode ofFlag(String s) {
        for (ReadMode m : values()) {
            if (m.flag().equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown read mode '" + s + "': expected log, read-index or lease");
    }
}
