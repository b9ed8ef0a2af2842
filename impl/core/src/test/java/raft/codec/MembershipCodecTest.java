package raft.codec;

import org.junit.jupiter.api.Test;
import raft.core.Entry;
import raft.core.Member;
import raft.core.Membership;
import raft.core.Message;
import raft.core.Message.AppendEntries;
import raft.core.Message.InstallSnapshot;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Configuration entries and a snapshot's configuration on the wire; the plain encodings stay as they were. */
class MembershipCodecTest {
    static final Membership M = new Membership(List.of(new Member(1, "h1:7001"), new Member(5, "h5:7005")),
            List.of(new Member(8, "h8:7008")));

    @Test
    void appendEntriesWithAConfigEntryRoundTrips() {
        AppendEntries a = new AppendEntries(1, 5, 4, 9, 3,
                List.of(new Entry(10, 4, new byte[]{1, 2}), Entry.ofConfig(11, 4, M)), 9);
        byte[] bytes = MessageCodec.encode(a);
        assertEquals(bytes.length, MessageCodec.encodedSize(a));
        AppendEntries back = (AppendEntries) MessageCodec.decode(bytes);
        assertFalse(back.entries().get(0).config());
        assertArrayEquals(new byte[]{1, 2}, back.entries().get(0).command());
        assertTrue(back.entries().get(1).config());
        assertEquals(M, back.entries().get(1).membership());
        assertEquals(11, back.entries().get(1).index());
    }

    @Test
    void commandOnlyAppendEntriesKeepsItsOldEncoding() {
        AppendEntries a = new AppendEntries(1, 2, 4, 0, 0, List.of(new Entry(1, 4, new byte[]{7})), 0);
        assertEquals(3, MessageCodec.encode(a)[0], "type byte of the plain AppendEntries");
    }

    @Test
    void installSnapshotCarriesItsConfiguration() {
        InstallSnapshot s = new InstallSnapshot(1, 8, 4, 20, 3, new byte[]{9, 9}, M);
        byte[] bytes = MessageCodec.encode(s);
        assertEquals(bytes.length, MessageCodec.encodedSize(s));
        InstallSnapshot back = (InstallSnapshot) MessageCodec.decode(bytes);
        assertEquals(M, back.config());
        assertArrayEquals(new byte[]{9, 9}, back.data());
        Message plain = MessageCodec.decode(MessageCodec.encode(new InstallSnapshot(1, 8, 4, 20, 3, new byte[]{1})));
        assertNull(((InstallSnapshot) plain).config());
    }

    @Test
    void damagedConfigurationBytesAreRefusedByTheCodec() {
        AppendEntries a = new AppendEntries(1, 5, 4, 0, 0, List.of(Entry.ofConfig(1, 4, M)), 0);
        byte[] bytes = MessageCodec.encode(a);
        // Header (type, from, to, term, prev, prevTerm, commit, count = 8 bytes), kind, term, length, then
        // the configuration: its voter count is its first int; make it absurd.
        bytes[8 + 3 + 3] = 0x7f;
        CodecException e = assertThrows(CodecException.class, () -> MessageCodec.decode(bytes));
        assertTrue(e.getMessage().contains("configuration"), e.getMessage());
    }
}
