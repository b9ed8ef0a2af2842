package raft.core;

/** Which of Figure 2's three roles a server is in, with the volatile state only that role has. */
sealed interface Role permits FollowerRole, CandidateRole, LeaderRole {
    String name();
}
