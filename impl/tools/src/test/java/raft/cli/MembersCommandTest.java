package raft.cli;

import org.junit.jupiter.api.Test;
import raft.command.Captured;
import raft.core.Member;
import raft.kv.MemberAddress;
import raft.transport.RoundTripProbe;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/** `client members / add-member / remove-member / promote` against real listeners over scripted Raft. */
class MembersCommandTest {
    private static Captured client(FakeMembers c, String... args) {
        // Only node 0's client port is given: a change must follow node 0's hint to the leader.
        String[] all = new String[args.length + 4];
        all[0] = "--servers";
        all[1] = c.clientAddresses.get(0).getHostString() + ":" + c.clientAddresses.get(0).getPort();
        all[2] = "--timeout";
        all[3] = "3s";
        System.arraycopy(args, 0, all, 4, args.length);
        return Captured.run(new ClientMain(), all);
    }

    /** Runs a change the leader keeps in flight; returns once it is. */
    private static CompletableFuture<Captured> held(FakeMembers c, String... args) throws InterruptedException {
        c.hold = true;
        CompletableFuture<Captured> f = CompletableFuture.supplyAsync(() -> client(c, args));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!c.changeInFlight() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(c.changeInFlight(), "the change reached the leader");
        return f;
    }

    @Test
    void membersPrintsRolesAndBothAddresses() throws Exception {
        try (FakeMembers c = new FakeMembers(3, 2)) {
            Captured r = client(c, "members");
            assertEquals(0, r.code(), r.err());
            for (int i = 0; i < 3; i++) {
                MemberAddress a = MemberAddress.parse(c.config().member(i).orElseThrow().address());
                assertTrue(r.out().matches("(?s).*voter +" + i + "  raft " + a.peerText() + " +client "
                        + a.clientText() + "\n.*"), r.out());
            }
        }
    }

    @Test
    void addFollowsTheHintToTheLeaderAndPrintsTheNewConfiguration() throws Exception {
        try (FakeMembers c = new FakeMembers(2, 1)) {
            Captured r = client(c, "add-member", "5", "127.0.0.1:9005/127.0.0.1:9105");
            assertEquals(0, r.code(), r.err());
            assertEquals(new Member(5, "127.0.0.1:9005/127.0.0.1:9105"), c.config().member(5).orElseThrow());
            assertTrue(c.config().isVoter(5));
            assertTrue(r.out().contains("voter      5  raft 127.0.0.1:9005"), r.out());

            assertEquals(0, client(c, "add-member", "6", "127.0.0.1:9006", "--learner").code());
            assertTrue(c.config().isLearner(6));
            Captured members = client(c, "members");
            assertTrue(members.out().matches("(?s).*learner +6  raft 127.0.0.1:9006 +client \\?\n.*"), members.out());
            assertEquals(0, client(c, "promote", "6").code());
            assertTrue(c.config().isVoter(6));
            assertEquals(0, client(c, "remove-member", "5").code());
            assertFalse(c.config().contains(5));
        }
    }

    @Test
    void refusalsAreClearAndChangeNothing() throws Exception {
        try (FakeMembers c = new FakeMembers(2, 0)) {
            Captured dup = client(c, "add-member", "1", "127.0.0.1:9001");
            assertEquals(2, dup.code());
            assertTrue(dup.err().contains("add-member 1 refused (nothing changed): server 1 is already a member"),
                    dup.err());
            assertEquals(0, client(c, "remove-member", "1").code());
            Captured last = client(c, "remove-member", "0");
            assertEquals(2, last.code());
            assertTrue(last.err().contains("last voter"), last.err());
            assertTrue(c.config().isVoter(0));
            assertFalse(dup.err().contains("Exception"), "no stack trace");
        }
    }

    @Test
    void aSecondChangeWhileOneIsInFlightIsRefused() throws Exception {
        try (FakeMembers c = new FakeMembers(3, 0)) {
            CompletableFuture<Captured> first = held(c, "add-member", "3", "127.0.0.1:9003");
            Captured second = client(c, "remove-member", "2");
            assertEquals(2, second.code());
            assertTrue(second.err().contains("in flight"), second.err());
            c.release();
            assertEquals(0, first.get().code());
            assertTrue(c.config().contains(3) && c.config().contains(2));
        }
    }

    @Test
    void aChangeAcceptedButNotKnownCommittedIsReportedUnknown() throws Exception {
        try (FakeMembers c = new FakeMembers(3, 0)) {
            CompletableFuture<Captured> add = held(c, "add-member", "3", "127.0.0.1:9003");
            c.loseLeadership();
            Captured r = add.get();
            assertEquals(3, r.code(), r.err());
            assertTrue(r.err().startsWith("add-member 3: outcome unknown (it may still commit; check with `client"
                    + " members`): leadership lost before the change committed"), r.err());
        }
    }

    @Test
    void aLearnerWhosePromoterLostLeadershipIsPromotedByTheNextLeader() throws Exception {
        try (FakeMembers c = new FakeMembers(3, 0)) {
            // Lost before the service looked at the future: still "accepted", so the client neither
            // reports a refusal nor sends the Add again ("already a member"); it has the new leader promote.
            c.deposeOnAddTo = 1;
            Captured r = client(c, "add-member", "3", "127.0.0.1:9003");
            assertEquals(0, r.code(), r.err());
            assertTrue(c.config().isVoter(3), "promoted at the new leader: " + c.config());
        }
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        try (FakeMembers c = new FakeMembers(1, 0)) {
            String[][] bad = {
                    {"add-member", "x", "127.0.0.1:9001"},
                    {"add-member", "-1", "127.0.0.1:9001"},
                    {"add-member", "4", "127.0.0.1"},
                    {"add-member", "4", "127.0.0.1:9001/nohost"},
                    {"add-member", "4"},
                    {"promote", "1", "--learner"},
                    {"remove-member"},
            };
            for (String[] args : bad) {
                Captured r = client(c, args);
                assertEquals(64, r.code(), String.join(" ", args) + ": " + r.err());
                assertFalse(r.err().contains("Exception"), r.err());
                assertFalse(r.err().isBlank());
            }
            Captured addr = client(c, "add-member", "4", "127.0.0.1:70000");
            assertTrue(addr.err().contains("member address '127.0.0.1:70000': expected PEER_HOST:PORT[/CLIENT_HOST:PORT]"),
                    addr.err());
            assertEquals(1, c.config().voters().size(), "nothing changed");
        }
    }

    @Test
    void anUnreachableClusterIsAFailureNamingTheServer() {
        var nobody = RoundTripProbe.freeLoopbackAddress();
        Captured r = Captured.run(new ClientMain(), "--servers", nobody.getHostString() + ":" + nobody.getPort(),
                "--timeout", "1s", "remove-member", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no server reachable") && r.err().contains(String.valueOf(nobody.getPort())),
                r.err());
        Captured m = Captured.run(new ClientMain(), "--servers", nobody.getHostString() + ":" + nobody.getPort(),
                "--timeout", "1s", "members");
        assertEquals(2, m.code());
        assertTrue(m.err().contains("no server answered"), m.err());
    }
}
