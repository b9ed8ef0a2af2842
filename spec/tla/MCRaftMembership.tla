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
\* The guides of the scenario models (each a pass model; its bug variant is it plus the bug).
\* Two changes in flight: s2 leads term 1, s3 campaigns into term 2.
TwoChangesTimeoutAllowed(i) == OwnerTimeoutAllowed(i, (1 :> "s2") @@ (2 :> "s3"))
\* The 2015 bug: s1 campaigns into terms 1 and 3, s2 into term 2.
Config2015TimeoutAllowed(i) == OwnerTimeoutAllowed(i, (1 :> "s1") @@ (2 :> "s2") @@ (3 :> "s1"))
\* Only the initial voters are interchangeable.
MCMembershipSymmetry == Permutations(InitVoters)
=============================================================================
