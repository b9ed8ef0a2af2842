package raft.lab;

import raft.core.Member;
import raft.core.Membership;
import raft.core.MembershipChange.Add;
import raft.core.MembershipChange.Remove;
import raft.core.RaftConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Single-server membership changes (issue 13) on the lab harness while a client keeps
 * committing commands: the appliers' checks (every server applies the same value at each
 * index, in order) hold throughout, and at the end every member of the final configuration
 * holds every command the client saw committed. Servers in a slot outside the initial
 * configuration run from the start as joiners. Nodes use {@link RaftConfig#lab()} (pre-vote
 * and check-quorum on), snapshots every 10 entries, so new members also catch up by snapshot.
 */
final class ScenariosMembership {
    private ScenariosMembership() {
    }

    static final RaftConfig CONFIG = RaftConfig.lab();

    /** Scenario name: its body, and how many of its slots are voters at the start (ids 0..k-1). */
    record Scenario(LabRun.Body body, int initialVoters) {}

    static final Map<String, Scenario> ALL = new LinkedHashMap<>();

    static {
        ALL.put("testGrowThreeToFive", new Scenario(ScenariosMembership::growThreeToFive, 3));
        ALL.put("testShrinkFiveToThree", new Scenario(ScenariosMembership::shrinkFiveToThree, 5));
        ALL.put("testReplaceCrashed", new Scenario(ScenariosMembership::replaceCrashed, 3));
        ALL.put("testRemoveLeader", new Scenario(ScenariosMembership::removeLeader, 3));
    }

    static PeerFactory factory(String name) {
        return PeerFactory.withMembers(CONFIG, voters(ALL.get(name).initialVoters()));
    }

    static Membership voters(int k) {
        return Membership.ofVoters(IntStream.range(0, k).mapToObj(ScenariosMembership::member).toList());
    }

    private static Member member(int id) {
        return new Member(id, "server-" + id);
    }

    static void growThreeToFive(LabRun run) {
        LabConfig cfg = run.make(5, false, true);
        cfg.begin("Test (membership): grow from 3 to 5 voters while commands commit");
        MembershipDriver d = new MembershipDriver(cfg);
        cfg.checkOneLeader();
        d.startProposals();
        cfg.sleep(500);
        d.change(new Add(member(3), false));
        d.change(new Add(member(4), false));
        cfg.sleep(500);
        d.stopProposals();
        d.checkNothingLost(expect(cfg, d, voters(5)));
        cfg.end();
    }

    static void shrinkFiveToThree(LabRun run) {
        LabConfig cfg = run.make(5, false, true);
        cfg.begin("Test (membership): shrink from 5 to 3 voters while commands commit");
        MembershipDriver d = new MembershipDriver(cfg);
        cfg.checkOneLeader();
        d.startProposals();
        cfg.sleep(500);
        d.change(new Remove(4));
        d.change(new Remove(3));
        cfg.crash1(4);   // removed servers are shut down; the rest must not need them
        cfg.crash1(3);
        cfg.sleep(500);
        d.stopProposals();
        d.checkNothingLost(expect(cfg, d, voters(3)));
        cfg.end();
    }

    /** A follower dies for good: remove it, add a fresh server (a new id) in its place. */
    static void replaceCrashed(LabRun run) {
        LabConfig cfg = run.make(4, false, true);
        cfg.begin("Test (membership): replace a crashed follower by a fresh server");
        MembershipDriver d = new MembershipDriver(cfg);
        int leader = cfg.checkOneLeader();
        d.startProposals();
        cfg.sleep(500);
        int dead = (leader + 1) % 3;
        cfg.crash1(dead);
        d.change(new Remove(dead));
        d.change(new Add(member(3), false));
        cfg.sleep(500);
        d.stopProposals();
        List<Member> left = IntStream.of(0, 1, 2, 3).filter(i -> i != dead).mapToObj(ScenariosMembership::member).toList();
        d.checkNothingLost(expect(cfg, d, Membership.ofVoters(left)));
        cfg.end();
    }

    /** The leader removes itself: it leads until that commits, then steps down; the other two go on. */
    static void removeLeader(LabRun run) {
        LabConfig cfg = run.make(3, false, true);
        cfg.begin("Test (membership): the leader removes itself");
        MembershipDriver d = new MembershipDriver(cfg);
        int leader = cfg.checkOneLeader();
        d.startProposals();
        cfg.sleep(500);
        d.change(new Remove(leader));
        long t0 = cfg.clock().nowMillis();
        while (cfg.raft(leader).state().isLeader()) {
            if (cfg.clock().nowMillis() - t0 > 2 * CONFIG.electionTimeoutMillis()) {
                cfg.fatal("removed leader " + leader + " still leads");
            }
            cfg.sleep(10);
        }
        int next = cfg.checkOneLeader();
        if (next == leader) {
            cfg.fatal("the removed server " + leader + " leads again");
        }
        cfg.sleep(500);
        d.stopProposals();
        List<Member> left = IntStream.of(0, 1, 2).filter(i -> i != leader).mapToObj(ScenariosMembership::member).toList();
        d.checkNothingLost(expect(cfg, d, Membership.ofVoters(left)));
        cfg.end();
    }

    /** The leader's configuration must be exactly want. */
    private static Membership expect(LabConfig cfg, MembershipDriver d, Membership want) {
        Membership got = d.leaderMembership();
        if (!want.equals(got)) {
            cfg.fatal("final configuration " + got + ", expected " + want);
        }
        return want;
    }
}
