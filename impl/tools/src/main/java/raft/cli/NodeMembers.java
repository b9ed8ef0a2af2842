package raft.cli;

import raft.core.Membership;
import raft.node.RaftNode;
import raft.node.RaftNodeBuilder;

import java.util.List;
import java.util.function.Consumer;

/** How the server hands its configuration to the node it builds. */
final class NodeMembers {
    private NodeMembers() {}

    /**
     * initial: the configuration of a new cluster (--peers), or null for a joiner or a member
     * restarting from its data, which start from the empty configuration: the node then takes
     * the one in its data, or (a joiner) waits for the leader that adds it. onChange: told the
     * latest configuration at start and each time it changes.
     */
    static RaftNode build(RaftNodeBuilder b, Membership initial, Consumer<Membership> onChange) {
        Membership start = initial != null ? initial : new Membership(List.of(), List.of());
        return b.members(start).membershipListener(onChange).build();
    }
}
