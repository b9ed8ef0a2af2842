package raft.core;

import java.util.List;
import java.util.Optional;

/**
 * A configuration (spec/tla/RaftMembership.tla's Config): the voters, whose majority makes
 * every quorum, and the learners, which receive entries and snapshots and count toward no
 * quorum. A server uses the latest configuration in its log, committed or not. Ids are unique
 * across both lists; the lists are kept sorted by id so equal configurations compare equal.
 */
public record Membership(List<Member> voters, List<Member> learners) {
    public Membership {
        voters = sorted(voters);
        learners = sorted(learners);
        for (Member m : voters) {
            if (learners.stream().anyMatch(l -> l.id() == m.id())) {
                throw new IllegalArgumentException("server " + m.id() + " is both voter and learner");
            }
        }
    }

    public static Membership ofVoters(List<Member> voters) {
        return new Membership(voters, List.of());
    }

    /** Voters 0..n-1 with empty addresses: what clusterSize(n) has always meant. */
    public static Membership ofSize(int n) {
        return ofVoters(java.util.stream.IntStream.range(0, n).mapToObj(i -> new Member(i, "")).toList());
    }

    public boolean isVoter(int id) {
        return voters.stream().anyMatch(m -> m.id() == id);
    }

    public boolean isLearner(int id) {
        return learners.stream().anyMatch(m -> m.id() == id);
    }

    public boolean contains(int id) {
        return isVoter(id) || isLearner(id);
    }

    public Optional<Member> member(int id) {
        return java.util.stream.Stream.concat(voters.stream(), learners.stream()).filter(m -> m.id() == id).findFirst();
    }

    private static List<Member> sorted(List<Member> ms) {
        List<Member> copy = ms.stream().sorted(java.util.Comparator.comparingInt(Member::id)).toList();
        for (int i = 1; i < copy.size(); i++) {
            if (copy.get(i).id() == copy.get(i - 1).id()) {
                throw new IllegalArgumentException("server " + copy.get(i).id() + " listed twice");
            }
        }
        return copy;
    }
}
