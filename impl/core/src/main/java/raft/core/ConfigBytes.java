package raft.core;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one byte form of a {@link Membership}, shared by configuration entries, snapshots on
 * disk and InstallSnapshot on the wire: [voters:int][learners:int] then per member
 * [id:int][address length:int][address UTF-8]. Lives in the core so every storage and codec
 * carries a configuration as opaque bytes.
 */
public final class ConfigBytes {
    private ConfigBytes() {}

    public static byte[] encode(Membership m) {
        List<byte[]> addrs = new ArrayList<>();
        int size = 8;
        for (Member x : all(m)) {
            byte[] a = x.address().getBytes(StandardCharsets.UTF_8);
            addrs.add(a);
            size += 8 + a.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).putInt(m.voters().size()).putInt(m.learners().size());
        int k = 0;
        for (Member x : all(m)) {
            byte[] a = addrs.get(k++);
            b.putInt(x.id()).putInt(a.length).put(a);
        }
        return b.array();
    }

    /** Throws IllegalArgumentException naming what is wrong with damaged bytes. */
    public static Membership decode(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int nv = b.getInt();
            int nl = b.getInt();
            if (nv < 0 || nl < 0 || (long) nv + nl > bytes.length / 8) {
                throw new IllegalArgumentException("configuration bytes: " + nv + " voters, " + nl + " learners in "
                        + bytes.length + " bytes");
            }
            List<Member> voters = read(b, nv);
            List<Member> learners = read(b, nl);
            if (b.hasRemaining()) {
                throw new IllegalArgumentException("configuration bytes: " + b.remaining() + " bytes left over");
            }
            return new Membership(voters, learners);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("configuration bytes: truncated (" + bytes.length + " bytes)");
        }
    }

    private static List<Member> read(ByteBuffer b, int n) {
        List<Member> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = b.getInt();
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) {
                throw new IllegalArgumentException("configuration bytes: address of member " + id + " has length " + len);
            }
            byte[] a = new byte[len];
            b.get(a);
            out.add(new Member(id, new String(a, StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static List<Member> all(Membership m) {
        List<Member> all = new ArrayList<>(m.voters());
        all.addAll(m.learners());
        return all;
    }
}
