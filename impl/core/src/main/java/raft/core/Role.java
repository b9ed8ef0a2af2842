package raft.core;

/** Which role a server is in (Figure 2's three plus pre-vote's), with the volatile state only that role has. */
sealed interface Role permits FollowerRole, PreCandidateRole, CandidateRole, LeaderRole {
    String name();
}
