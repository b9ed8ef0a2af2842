package raft.core;

/**
 * Receives one event per state change that spec/Raft.tla models, named by the
 * {@link SpecAction} it corresponds to (e.g. HandleRequestVoteRequest, BecomeLeader).
 * Off by default: the core checks {@link #enabled()} before building an event.
 */
public interface Tracer {
    Tracer NONE = new Tracer() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void event(TraceEvent event) {}
    };

    boolean enabled();

    void event(TraceEvent event);
}
