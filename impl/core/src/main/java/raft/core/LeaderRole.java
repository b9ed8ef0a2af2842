package raft.core;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Figure 2's leader state, one {@link Progress} per member of the latest configuration (the
 * leader's own included, as long as it is a member), by id in a sorted map so sends go out in
 * the same order on every run. nextIndex is advanced optimistically when entries are sent, so
 * a heartbeat never resends entries already in flight; a rejection moves it back.
 * checkElapsed: ticks since the last check-quorum; transfer is the leadership transfer in
 * progress, or null; reads: the read requests (ReadIndex) and lease; promote: learners added
 * to become voters, promoted once they have caught up.
 */
final class LeaderRole implements Role {
    final Map<Integer, Progress> progress = new TreeMap<>();
    int checkElapsed;
    private final int self;
    LeaderTransfer transfer;
    final ReadRounds reads = new ReadRounds();
    final Set<Integer> promote = new TreeSet<>();
    /** Every member but self, by id: kept with progress so the per-input loops allocate nothing. */
    int[] peers = new int[0];

    LeaderRole(Membership config, int self, long lastIndex) {
        this.self = self;
        track(config, lastIndex);
    }

    /** Follows a new configuration: new members start at lastIndex + 1, departed ones are forgotten. */
    void track(Membership config, long lastIndex) {
        progress.keySet().removeIf(id -> !config.contains(id) && id != self);
        for (Member m : config.voters()) {
            progress.computeIfAbsent(m.id(), id -> new Progress(lastIndex + 1));
        }
        for (Member m : config.learners()) {
            progress.computeIfAbsent(m.id(), id -> new Progress(lastIndex + 1));
        }
        progress.computeIfAbsent(self, id -> new Progress(lastIndex + 1)).recentlyActive = true;
        promote.removeIf(id -> !config.isLearner(id));
        peers = progress.keySet().stream().filter(id -> id != self).mapToInt(Integer::intValue).toArray();
    }

    /** Check-quorum: were a majority of the voters (self included if one) active since the last check? Resets. */
    boolean quorumActiveThenReset(Membership config) {
        Set<Integer> active = new TreeSet<>();
        for (var e : progress.entrySet()) {
            if (e.getValue().recentlyActive) {
                active.add(e.getKey());
            }
            e.getValue().recentlyActive = e.getKey() == self;
        }
        return Quorum.of(config, active);
    }

    @Override
    public String name() {
        return "Leader";
    }
}
