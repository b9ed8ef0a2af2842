package raft.codec;

import org.junit.jupiter.api.Test;
import raft.core.Entry;
import raft.core.Message;
import raft.core.Message.AppendEntries;
import raft.core.Message.AppendEntriesReply;
import raft.core.Message.InstallSnapshot;
import raft.core.Message.InstallSnapshotReply;
import raft.core.Message.PreVote;
import raft.core.Message.PreVoteReply;
import raft.core.Message.RequestVote;
import raft.core.Message.RequestVoteReply;
import raft.core.Message.TimeoutNow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class MessageCodecTest {
    private static long num(SplittableRandom r) {
        // Mix small values with ones that need every varint byte.
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextLong(128);
            case 2 -> r.nextLong(1L << 35);
            default -> r.nextLong(Long.MAX_VALUE);
        };
    }

    private static byte[] bytes(SplittableRandom r, int max) {
        byte[] b = new byte[r.nextInt(max + 1)];
        r.nextBytes(b);
        return b;
    }

    static Message random(SplittableRandom r) {
        int from = r.nextInt(7);
        int to = r.nextInt(7);
        long term = num(r);
        return switch (r.nextInt(13)) {
            case 0 -> new RequestVote(from, to, term, num(r), num(r), r.nextBoolean());
            case 1 -> new RequestVoteReply(from, to, term, r.nextBoolean());
            case 2 -> {
                long prev = r.nextLong(1L << 40);
                List<Entry> es = new ArrayList<>();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    es.add(new Entry(prev + 1 + i, term == 0 ? 0 : r.nextLong(term + 1), bytes(r, 40)));
                }
                yield new AppendEntries(from, to, term, prev, num(r), es, num(r));
            }
            case 3 -> new AppendEntriesReply(from, to, term, r.nextBoolean(), num(r), num(r), num(r));
            case 4 -> new InstallSnapshot(from, to, term, num(r), num(r), bytes(r, 100));
            case 5 -> new InstallSnapshotReply(from, to, term, num(r));
            case 6 -> new PreVote(from, to, term, num(r), num(r));
            case 7 -> new PreVoteReply(from, to, term, r.nextBoolean());
            case 8 -> new Message.ReadHeartbeat(from, to, term, num(r));
            case 9 -> new Message.ReadHeartbeatReply(from, to, term, num(r));
            case 10 -> new Message.ReadIndexRequest(from, to, term, num(r));
            case 11 -> new Message.ReadIndexReply(from, to, term, num(r), r.nextBoolean() ? -1 : num(r));
            default -> new TimeoutNow(from, to, term);
        };
    }

    /** Records hold byte[]; compare by re-encoding plus structural checks on entries. */
    static void assertSameMessage(Message a, Message b) {
        assertEquals(a.getClass(), b.getClass());
        assertArrayEquals(MessageCodec.encode(a), MessageCodec.encode(b));
        if (a instanceof AppendEntries x && b instanceof AppendEntries y) {
            assertEquals(x.entries().size(), y.entries().size());
            for (int i = 0; i < x.entries().size(); i++) {
                assertEquals(x.entries().get(i).index(), y.entries().get(i).index());
                assertEquals(x.entries().get(i).term(), y.entries().get(i).term());
                assertArrayEquals(x.entries().get(i).command(), y.entries().get(i).command());
            }
        } else if (a instanceof InstallSnapshot x && b instanceof InstallSnapshot y) {
            assertArrayEquals(x.data(), y.data());
            assertEquals(x.lastIncludedIndex(), y.lastIncludedIndex());
        } else {
            assertEquals(a, b);
        }
    }

    @Test
    void everyMessageTypeRoundTrips() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 5000; i++) {
            Message m = random(r);
            byte[] enc = MessageCodec.encode(m);
            assertEquals(enc.length, MessageCodec.encodedSize(m));
            assertSameMessage(m, MessageCodec.decode(enc));
        }
    }

    @Test
    void fieldsSurviveExactly() {
        AppendEntries ae = new AppendEntries(2, 4, 9, 10, 8,
                List.of(new Entry(11, 8, new byte[]{1, 2}), new Entry(12, 9, new byte[0])), 7);
        AppendEntries back = (AppendEntries) MessageCodec.decode(MessageCodec.encode(ae));
        assertEquals(2, back.from());
        assertEquals(4, back.to());
        assertEquals(9, back.term());
        assertEquals(10, back.prevLogIndex());
        assertEquals(8, back.prevLogTerm());
        assertEquals(7, back.leaderCommit());
        assertEquals(12, back.entries().get(1).index());
        assertEquals(9, back.entries().get(1).term());
        AppendEntriesReply rep = new AppendEntriesReply(1, 0, 3, false, 0, 2, 17);
        assertEquals(rep, MessageCodec.decode(MessageCodec.encode(rep)));
    }

    @Test
    void preVoteAndTransferMessagesKeepEveryField() {
        List<Message> ms = List.of(new PreVote(3, 1, 12, 40, 11), new PreVoteReply(1, 3, 12, true),
                new PreVoteReply(1, 3, 9, false), new TimeoutNow(0, 2, 7), new RequestVote(3, 1, 12, 40, 11, true),
                new Message.ReadHeartbeat(0, 1, 4, 9), new Message.ReadHeartbeatReply(1, 0, 5, 9),
                new Message.ReadIndexRequest(2, 0, 4, 77), new Message.ReadIndexReply(0, 2, 4, 77, 12),
                new Message.ReadIndexReply(0, 2, 4, 78, -1));
        for (Message m : ms) {
            byte[] enc = MessageCodec.encode(m);
            assertEquals(enc.length, MessageCodec.encodedSize(m));
            assertEquals(m, MessageCodec.decode(enc));
        }
        // Same fields as RequestVote, another type byte: a pre-vote is never read as a vote.
        assertNotEquals(MessageCodec.encode(new RequestVote(3, 1, 12, 40, 11))[0],
                MessageCodec.encode(new PreVote(3, 1, 12, 40, 11))[0]);
        assertTrue(assertThrows(CodecException.class, () -> MessageCodec.decode(new byte[]{8, 0, 1, 1, 2}))
                .getMessage().contains("voteGranted"));
    }

    @Test
    void encodingIsCompact() {
        assertTrue(MessageCodec.encode(new RequestVoteReply(1, 2, 5, true)).length <= 5);
        byte[] cmd = new byte[5000];
        AppendEntries ae = new AppendEntries(0, 1, 3, 100, 3, List.of(new Entry(101, 3, cmd)), 100);
        assertTrue(MessageCodec.encode(ae).length <= 5000 + 16);
    }

    @Test
    void decodesInPlaceFromADirectBufferWindowWithoutMovingIt() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            Message m = random(r);
            byte[] enc = MessageCodec.encode(m);
            // As a transport hands a frame over: a window of a larger direct buffer.
            java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocateDirect(enc.length + 10).position(7);
            frame.put(enc).position(7).limit(7 + enc.length);
            assertSameMessage(m, MessageCodec.decode(frame));
            assertEquals(7, frame.position());
            assertEquals(7 + enc.length, frame.limit());
            java.nio.ByteBuffer cut = frame.duplicate().limit(frame.limit() - 1);
            assertThrows(CodecException.class, () -> MessageCodec.decode(cut));
        }
    }

    @Test
    void everyTruncationIsRejectedWithCodecException() {
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 300; i++) {
            byte[] enc = MessageCodec.encode(random(r));
            for (int len = 0; len < enc.length; len++) {
                byte[] cut = Arrays.copyOf(enc, len);
                assertThrows(CodecException.class, () -> MessageCodec.decode(cut), "prefix of length " + len);
            }
        }
    }

    @Test
    void trailingGarbageIsRejected() {
        byte[] enc = MessageCodec.encode(new RequestVote(0, 1, 2, 3, 4));
        byte[] longer = Arrays.copyOf(enc, enc.length + 1);
        CodecException e = assertThrows(CodecException.class, () -> MessageCodec.decode(longer));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }

    @Test
    void corruptedBytesNeverDecodeSilentlyToADifferentEncoding() {
        // A flipped byte either fails cleanly or yields a message whose canonical encoding is the corrupted
        // buffer itself, i.e. the decoder never invents or drops information.
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 5000; i++) {
            byte[] enc = MessageCodec.encode(random(r));
            enc[r.nextInt(enc.length)] ^= (byte) (1 + r.nextInt(255));
            try {
                Message m = MessageCodec.decode(enc);
                assertArrayEquals(enc, MessageCodec.encode(m));
            } catch (CodecException expected) {
                assertNotNull(expected.getMessage());
            }
        }
    }

    @Test
    void specificMalformationsHaveClearMessages() {
        assertTrue(assertThrows(CodecException.class, () -> MessageCodec.decode(new byte[]{17, 0, 0, 0}))
                .getMessage().contains("unknown type"));
        assertTrue(assertThrows(CodecException.class, () -> MessageCodec.decode(new byte[]{2, 0, 1, 1, 7}))
                .getMessage().contains("voteGranted"));
        byte[] overlong = {1, (byte) 0x80, 0, 0, 0, 0, 0};
        assertTrue(assertThrows(CodecException.class, () -> MessageCodec.decode(overlong))
                .getMessage().contains("non-canonical"));
        byte[] huge = {1, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1, 0, 0};
        assertThrows(CodecException.class, () -> MessageCodec.decode(huge));
        // An entry count larger than the remaining bytes could hold.
        byte[] count = {3, 0, 1, 1, 0, 0, 0, 100};
        assertTrue(assertThrows(CodecException.class, () -> MessageCodec.decode(count))
                .getMessage().contains("entry count"));
    }

    @Test
    void nonContiguousEntriesCannotBeEncoded() {
        AppendEntries bad = new AppendEntries(0, 1, 1, 0, 0, List.of(new Entry(2, 1, new byte[0])), 0);
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.encode(bad));
    }
}
