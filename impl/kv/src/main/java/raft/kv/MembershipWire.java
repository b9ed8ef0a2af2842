package raft.kv;

import raft.core.Member;
import raft.core.Membership;
import raft.core.MembershipChange;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The payloads of the client protocol's membership requests ({@link Wire#MEMBERS},
 * {@link Wire#CHANGE}): a configuration, a change, and the not-leader hint (the leader's id
 * and its member address, so a client can go straight to it). Decoding malformed bytes throws
 * IllegalArgumentException saying what was wrong; the listener answers it as an ERROR.
 */
public final class MembershipWire {
    private MembershipWire() {}

    private static final byte ADD = 1, PROMOTE = 2, REMOVE = 3;

    /** A leader hint: id -1 when unknown; address "" when the leader's address is unknown. */
    public record Hint(int leaderId, String address) {}

    public static byte[] encode(Membership m) {
        List<byte[]> addrs = new ArrayList<>();
        int size = 8;
        for (Member x : all(m)) {
            byte[] a = Bytes.utf8(x.address());
            addrs.add(a);
            size += 4 + Bytes.size(a);
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        int i = 0;
        for (List<Member> list : List.of(m.voters(), m.learners())) {
            buf.putInt(list.size());
            for (Member x : list) {
                buf.putInt(x.id());
                Bytes.put(buf, addrs.get(i++));
            }
        }
        return buf.array();
    }

    public static Membership decodeMembership(byte[] bytes) {
        return decode(bytes, "configuration", buf -> new Membership(members(buf), members(buf)));
    }

    public static byte[] encode(MembershipChange c) {
        if (c instanceof MembershipChange.Add a) {
            byte[] addr = Bytes.utf8(a.member().address());
            return ByteBuffer.allocate(1 + 4 + Bytes.size(addr) + 1).put(ADD).putInt(a.member().id())
                    .put(put(addr)).put((byte) (a.stayLearner() ? 1 : 0)).array();
        }
        boolean promote = c instanceof MembershipChange.Promote;
        int id = promote ? ((MembershipChange.Promote) c).id() : ((MembershipChange.Remove) c).id();
        return ByteBuffer.allocate(5).put(promote ? PROMOTE : REMOVE).putInt(id).array();
    }

    public static MembershipChange decodeChange(byte[] bytes) {
        return decode(bytes, "membership change", buf -> {
            byte kind = buf.get();
            int id = buf.getInt();
            return switch (kind) {
                case ADD -> {
                    String address = Bytes.string(buf);
                    yield new MembershipChange.Add(new Member(id, address), buf.get() == 1);
                }
                case PROMOTE -> new MembershipChange.Promote(id);
                case REMOVE -> new MembershipChange.Remove(id);
                default -> throw new IllegalArgumentException("unknown change kind " + kind);
            };
        });
    }

    public static byte[] encode(Hint h) {
        byte[] a = Bytes.utf8(h.address());
        return ByteBuffer.allocate(4 + Bytes.size(a)).putInt(h.leaderId()).put(put(a)).array();
    }

    /** An empty payload (a server that gives no hint) reads as "unknown". */
    public static Hint decodeHint(byte[] bytes) {
        if (bytes.length == 0) {
            return new Hint(-1, "");
        }
        return decode(bytes, "leader hint", buf -> {
            int id = buf.getInt();
            String a = Bytes.string(buf);
            return new Hint(id, a == null ? "" : a);
        });
    }

    private static byte[] put(byte[] b) {
        ByteBuffer buf = ByteBuffer.allocate(Bytes.size(b));
        Bytes.put(buf, b);
        return buf.array();
    }

    private static List<Member> members(ByteBuffer buf) {
        int n = buf.getInt();
        if (n < 0 || n > buf.remaining() / 8) {
            throw new IllegalArgumentException("member count " + n + " does not fit the " + buf.remaining()
                    + " bytes left");
        }
        List<Member> ms = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ms.add(new Member(buf.getInt(), Bytes.string(buf)));
        }
        return ms;
    }

    private static List<Member> all(Membership m) {
        List<Member> l = new ArrayList<>(m.voters());
        l.addAll(m.learners());
        return l;
    }

    private static <T> T decode(byte[] bytes, String what, java.util.function.Function<ByteBuffer, T> f) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        T t;
        try {
            t = f.apply(buf);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException(what + ": truncated at byte " + buf.position() + " of " + bytes.length);
        }
        if (buf.hasRemaining()) {
            throw new IllegalArgumentException(what + ": " + buf.remaining() + " unexpected trailing bytes");
        }
        return t;
    }
}
