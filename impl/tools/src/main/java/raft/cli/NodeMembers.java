package raft.cli;

import raft.core.Membership;
import raft.node.RaftNode;
import raft.node.RaftNodeBuilder;

import java.util.function.Consumer;

/** How the server hands its configuration to the node it builds. */
final class NodeMembers {
    private NodeMembers() {}

    /**
     * initial: the configuration of a new cluster (--peers), or null for a joiner or a member
     * restarting from its data; onChange: told each time the latest configuration changes.
     */
    static RaftNode build(RaftNodeBuilder b, Membership initial, Consumer<Membership> onChange) {
        // Until the node side of membership is merged: only --peers clusters, of a fixed size.
        if (initial == null) {
            throw new IllegalStateException("joining or restarting without --peers needs membership support in the"
                    + " node, which this build lacks");
        }
        return b.clusterSize(initial.voters().size()).build();
    }
}
