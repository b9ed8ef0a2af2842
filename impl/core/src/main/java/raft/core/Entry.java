package raft.core;

/**
 * One log entry. Indices are 1-based; the command bytes are opaque to Raft. A configuration
 * entry (config true) holds a {@link Membership} encoded by {@link ConfigBytes} instead: the
 * core reads it the moment it is appended, and the applier gets it as {@link ApplyMsg.Config}.
 */
public record Entry(long index, long term, byte[] command, boolean config) {
    /** A client command (or the no-op). */
    public Entry(long index, long term, byte[] command) {
        this(index, term, command, false);
    }

    public static Entry ofConfig(long index, long term, Membership m) {
        return new Entry(index, term, ConfigBytes.encode(m), true);
    }

    /** The configuration a config entry holds. */
    public Membership membership() {
        if (!config) {
            throw new IllegalStateException("entry " + index + " is not a configuration entry");
        }
        return ConfigBytes.decode(command);
    }
}
