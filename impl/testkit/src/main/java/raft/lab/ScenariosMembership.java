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
        ALL.put("testChangesWithRestarts", new Scenario(ScenariosMembership::changesWithRestarts, 3));
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

    /** What a scenario does while the client commits: its changes; returns the configuration it must end in. */
    private interface Changes {
        Membership make(LabConfig cfg, MembershipDriver d, int leader);
    }

    /**
     * The frame of every scenario: n slots, a leader, the client committing from half a second
     * before the changes to half a second after, then the final configuration and every
     * committed command checked on every final member.
     */
    private static void withClient(LabRun run, int n, String what, Changes changes) {
        LabConfig cfg = run.make(n, true, true);
        cfg.begin("Test (membership): " + what);
        MembershipDriver d = new MembershipDriver(cfg);
        int leader = cfg.checkOneLeader();
        d.startProposals();
        cfg.sleep(500);
        Membership want = changes.make(cfg, d, leader);
        cfg.sleep(500);
        d.stopProposals();
        Membership got = d.leaderMembership();
        if (!want.equals(got)) {
            cfg.fatal("final configuration " + got + ", expected " + want);
        }
        d.checkNothingLost(want);
        cfg.end();
    }

    static void growThreeToFive(LabRun run) {
        withClient(run, 5, "grow from 3 to 5 voters while commands commit", (cfg, d, leader) -> {
            d.change(new Add(member(3), false));
            d.change(new Add(member(4), false));
            return voters(5);
        });
    }

    static void shrinkFiveToThree(LabRun run) {
        withClient(run, 5, "shrink from 5 to 3 voters while commands commit", (cfg, d, leader) -> {
            d.change(new Remove(4));
            d.change(new Remove(3));
            cfg.crash1(4);   // removed servers are shut down; the rest must not need them
            cfg.crash1(3);
            return voters(3);
        });
    }

    /** A follower dies for good: remove it, add a fresh server (a new id) in its place. */
    static void replaceCrashed(LabRun run) {
        withClient(run, 4, "replace a crashed follower by a fresh server", (cfg, d, leader) -> {
            int dead = (leader + 1) % 3;
            cfg.crash1(dead);
            d.change(new Remove(dead));
            d.change(new Add(member(3), false));
            return votersBut(List.of(0, 1, 2, 3), dead);
        });
    }

    /** The leader removes itself: it leads until that commits, then steps down; the other two go on. */
    static void removeLeader(LabRun run) {
        withClient(run, 3, "the leader removes itself", (cfg, d, leader) -> {
            d.change(new Remove(leader));
            long t0 = cfg.clock().nowMillis();
            while (cfg.raft(leader).state().isLeader()) {
                if (cfg.clock().nowMillis() - t0 > 2 * CONFIG.electionTimeoutMillis()) {
                    cfg.fatal("removed leader " + leader + " still leads");
                }
                cfg.sleep(10);
            }
            if (cfg.checkOneLeader() == leader) {
                cfg.fatal("the removed server " + leader + " leads again");
            }
            return votersBut(List.of(0, 1, 2), leader);
        });
    }

    /**
     * Grow to five and drop server 0 while a random server crashes and restarts every 300-900 ms:
     * configurations must survive restarts (log entries and the snapshot's configuration).
     */
    static void changesWithRestarts(LabRun run) {
        withClient(run, 5, "add two, remove one, while servers restart", (cfg, d, leader) -> {
            boolean[] stop = {false};
            LabClock.Task restarts = cfg.clock().spawn("restarts", () -> {
                while (!stop[0] && !cfg.finished()) {
                    cfg.sleep(300 + cfg.randInt(600));
                    int i = cfg.randInt(cfg.n());
                    cfg.start1(i);
                    cfg.connect(i);
                }
            });
            d.change(new Add(member(3), false));
            d.change(new Add(member(4), false));
            d.change(new Remove(0));
            stop[0] = true;
            restarts.join();
            return votersBut(List.of(0, 1, 2, 3, 4), 0);
        });
    }

    private static Membership votersBut(List<Integer> ids, int gone) {
        return Membership.ofVoters(ids.stream().filter(i -> i != gone).map(ScenariosMembership::member).toList());
    }
}
