package raft.kv;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One Raft log entry of the service: the commands that arrived while the previous
 * entry was being proposed. Batching here means one start() (and one fsync on the
 * leader) for many clients' commands. The id, random per proposal, lets the proposing
 * server recognise its own entry when it is applied. time: the proposer's wall clock (ms), the
 * clock every replica expires idle sessions by (the same entries, the same decisions).
 * Layout: id, then ~count (negative) and time; an entry written before time was carried has
 * the count itself (non-negative) and reads as time 0.
 */
record Batch(long id, long time, List<Command> commands) {

    Batch(long id, List<Command> commands) {
        this(id, 0, commands);
    }

    byte[] encode() {
        return encode(id, time, commands);
    }

    static byte[] encode(long id, List<Command> commands) {
        return encode(id, 0, commands);
    }

    static byte[] encode(long id, long time, List<Command> commands) {
        List<Command.Encoded> parts = new ArrayList<>(commands.size());
        int size = 20;
        for (Command c : commands) {
            Command.Encoded e = c.encoded();
            parts.add(e);
            size += 4 + e.size();
        }
        ByteBuffer buf = ByteBuffer.allocate(size).putLong(id).putInt(~parts.size()).putLong(time);
        for (Command.Encoded e : parts) {
            e.writeTo(buf.putInt(e.size()));
        }
        return buf.array();
    }

    /** The id alone, without decoding the commands: entry holds at least its 8 bytes. */
    static long idOf(byte[] entry) {
        return ByteBuffer.wrap(entry).getLong();
    }

    static Batch decode(byte[] entry) {
        ByteBuffer buf = ByteBuffer.wrap(entry);
        long id = buf.getLong();
        int n = buf.getInt();
        long time = 0;
        if (n < 0) {
            n = ~n;
            time = buf.getLong();
        }
        if (n > entry.length) {
            throw new IllegalArgumentException("bad batch count " + n);
        }
        List<Command> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = buf.getInt();
            if (len < 0 || len > buf.remaining()) {
                throw new IllegalArgumentException("bad command length " + len + " with " + buf.remaining() + " bytes left");
            }
            // A view of the command's bytes, not a copy: decode copies only what it keeps (its strings).
            out.add(Command.decode(buf.slice(buf.position(), len)));
            buf.position(buf.position() + len);
        }
        return new Batch(id, time, out);
    }
}
