package raft.kv;

import org.junit.jupiter.api.Test;
import raft.core.Member;
import raft.core.Membership;
import raft.core.MembershipChange;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MembershipWireTest {
    @Test
    void configurationsChangesAndHintsRoundTrip() {
        Membership m = new Membership(List.of(new Member(3, "a:1/a:2"), new Member(12, "b:1")),
                List.of(new Member(7, "")));
        assertEquals(m, MembershipWire.decodeMembership(MembershipWire.encode(m)));
        for (MembershipChange c : List.of(new MembershipChange.Add(new Member(9, "h:70/h:80"), true),
                new MembershipChange.Add(new Member(0, "x:1"), false), new MembershipChange.Promote(4),
                new MembershipChange.Remove(11))) {
            assertEquals(c, MembershipWire.decodeChange(MembershipWire.encode(c)));
        }
        var h = new MembershipWire.Hint(2, "h:1/h:2");
        assertEquals(h, MembershipWire.decodeHint(MembershipWire.encode(h)));
        assertEquals(new MembershipWire.Hint(-1, ""), MembershipWire.decodeHint(new byte[0]));
    }

    @Test
    void malformedPayloadsSayWhatIsWrong() {
        byte[] ok = MembershipWire.encode(new MembershipChange.Remove(1));
        byte[] truncated = java.util.Arrays.copyOf(ok, 3);
        assertEquals("membership change: truncated at byte 1 of 3",
                assertThrows(IllegalArgumentException.class, () -> MembershipWire.decodeChange(truncated)).getMessage());
        byte[] trailing = java.util.Arrays.copyOf(ok, 6);
        assertEquals("membership change: 1 unexpected trailing bytes",
                assertThrows(IllegalArgumentException.class, () -> MembershipWire.decodeChange(trailing)).getMessage());
        byte[] kind = ok.clone();
        kind[0] = 9;
        assertEquals("unknown change kind 9",
                assertThrows(IllegalArgumentException.class, () -> MembershipWire.decodeChange(kind)).getMessage());
        byte[] huge = java.nio.ByteBuffer.allocate(8).putInt(1 << 30).putInt(0).array();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MembershipWire.decodeMembership(huge))
                .getMessage().startsWith("member count 1073741824 does not fit"));
        byte[] dup = MembershipWire.encode(Membership.ofVoters(List.of(new Member(1, "a:1"), new Member(2, "a:2"))));
        dup[7 + 4 + 4 + 3 + 1] = 1;   // second voter's id 2 -> 1
        assertThrows(IllegalArgumentException.class, () -> MembershipWire.decodeMembership(dup));
    }

    @Test
    void memberAddressesParseAndPrint() {
        MemberAddress a = MemberAddress.parse("10.0.0.1:7000/10.0.0.1:8000");
        assertEquals("10.0.0.1:7000", a.peerText());
        assertEquals("10.0.0.1:8000", a.clientText());
        assertEquals("10.0.0.1:7000/10.0.0.1:8000", a.toString());
        MemberAddress peerOnly = MemberAddress.parse("h:7000");
        assertTrue(peerOnly.client().isEmpty());
        assertEquals("?", peerOnly.clientText());
        for (String bad : new String[] {"", "h", ":7000", "h:0", "h:65536", "h:7000/", "h:7000/h", "h:x/h:1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemberAddress.parse(bad));
            assertTrue(e.getMessage().startsWith("member address '" + bad + "': expected "), e.getMessage());
        }
    }
}
