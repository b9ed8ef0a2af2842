-------------------------- MODULE MCRaftMembership --------------------------
(***************************************************************************)
(* Bounds and reductions for model checking RaftMembership with TLC, on   *)
(* top of MCRaft's. Configuration entries count toward MaxLogLen.         *)
(***************************************************************************)
EXTENDS MCRaft, RaftMembership

MCChangeAllowed(i) == Len(log[i]) < MaxLogLen
\* Each leader appends one client entry: the no-op on election, which the
\* 2015 fix waits for before a change.
MCNoopOnly(i) == MCClientRequestAllowed(i) /\ LastTerm(log[i]) # currentTerm[i]
\* Scenario guide for models of interleavings beyond an exhaustive search:
\* owner maps a term to the only server that may time out into it; every
\* other choice stays open to TLC (as in RaftBugFigure8).
OwnerTimeoutAllowed(i, owner) ==
    /\ currentTerm[i] + 1 \in DOMAIN owner
    /\ owner[currentTerm[i] + 1] = i
\* Only the initial voters are interchangeable.
MCMembershipSymmetry == Permutations(InitVoters)
=============================================================================
