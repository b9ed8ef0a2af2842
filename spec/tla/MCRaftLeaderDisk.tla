--------------------------- MODULE MCRaftLeaderDisk ---------------------------
(***************************************************************************)
(* Bounds for model checking RaftLeaderDisk with TLC: MCRaft's, plus what *)
(* the disk adds to them and to the VIEW.                                  *)
(***************************************************************************)
EXTENDS MCRaft, RaftLeaderDisk

\* MCRaft's restart bound, and a server whose log has an undurable tail to lose.
MCDiskRestartAllowed(i) == MCRestartAllowed(i) \/ durableLen[i] < Len(log[i])

\* A witness (expected violated): a leader commits an entry that is not yet on
\* its own disk (a quorum of followers holds it), so the pass model reaches the
\* states this module is about.
LeaderCommitsDurableOnly ==
    \A i \in Server : state[i] = "Leader" => commitIndex[i] <= durableLen[i]

MCDiskView == <<MCView, durableLen>>
=============================================================================
