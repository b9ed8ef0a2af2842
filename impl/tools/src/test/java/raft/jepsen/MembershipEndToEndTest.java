package raft.jepsen;

import org.junit.jupiter.api.Test;
import raft.cli.ClientMain;
import raft.command.Captured;
import raft.core.Membership;
import raft.kv.KvClient;
import raft.kv.MembershipClient;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Real server processes: three started with --peers, a fourth joins with --join (a learner the
 * leader promotes), one of the first three is removed with `client remove-member` and stopped,
 * and `client members` and the data agree.
 */
class MembershipEndToEndTest {
    @Test
    void aNodeJoinsAnotherIsRemovedAndMembersShowsIt() throws Exception {
        Path dir = Files.createTempDirectory("kv-members");
        var settings = new LocalCluster.Settings(3, dir, false, false, 50, JepsenRun.SERVER_JVM, false, false,
                List.of(), 1);
        try (LocalCluster cluster = new LocalCluster(settings)) {
            cluster.startAll();
            List<InetSocketAddress> all = cluster.clientAddresses();
            try (KvClient client = new KvClient(all, KvClient.Options.defaults());
                 MembershipClient members = new MembershipClient(all.subList(0, 3), KvClient.Options.defaults())) {
                BenchMain.awaitLeader(client, 3);
                KvClient.Session s = client.session();
                assertTrue(s.put("x", "before").get().ok());

                cluster.join(3, 0);
                Membership m = awaitVoter(members, 3);
                cluster.joinSettled(3, true);
                assertEquals(4, m.voters().size(), m.toString());
                assertTrue(m.member(3).orElseThrow().address().endsWith("/127.0.0.1:" + all.get(3).getPort()),
                        "the joiner's address names its client port: " + m);

                // The leader, if one of the first three leads: it steps down as its removal commits, so the
                // client learns the outcome from the next leader.
                int gone = 1;
                for (int i = 0; i < 3; i++) {
                    if (client.status(i).get().leader()) {
                        gone = i;
                    }
                }
                Captured removed = Captured.run(new ClientMain(), "--servers", text(all.get(3)), "--timeout", "20s",
                        "remove-member", String.valueOf(gone));
                assertEquals(0, removed.code(), removed.err());
                cluster.removed(gone);

                Captured shown = Captured.run(new ClientMain(), "--servers", text(all.get(3)), "members");
                assertEquals(0, shown.code(), shown.err());
                assertTrue(shown.out().matches("(?s).*voter +3  raft 127\\.0\\.0\\.1:\\d+ +client 127\\.0\\.0\\.1:"
                        + all.get(3).getPort() + "\n.*"), shown.out());
                assertFalse(shown.out().matches("(?s).*voter +" + gone + " .*"), shown.out());

                Captured again = Captured.run(new ClientMain(), "--servers", text(all.get(3)), "--timeout", "20s",
                        "add-member", "3", "127.0.0.1:1");
                assertEquals(2, again.code(), again.err());
                assertTrue(again.err().contains("add-member 3 refused (nothing changed): "), again.err());

                assertTrue(s.put("x", "after").get().ok(), "the new configuration commits writes");
                assertEquals("after", s.get("x").get().result().value());
            }
        }
    }

    private static Membership awaitVoter(MembershipClient members, int id) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Membership last = null;
        while (System.nanoTime() < deadline) {
            MembershipClient.View v = members.members();
            last = v == null ? last : v.membership();
            if (last != null && last.isVoter(id)) {
                return last;
            }
            Thread.sleep(100);
        }
        fail("node " + id + " not a voter within 60 s; last configuration seen: " + last);
        return null;
    }

    private static String text(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
