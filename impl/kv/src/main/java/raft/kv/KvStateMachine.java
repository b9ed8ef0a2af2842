package raft.kv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replicated state: the map plus, per client, the last sequence number executed
 * and its result. Every replica applies the same commands in the same order, so the
 * session table is replicated too: a retry that reaches a new leader after the first
 * attempt committed gets the first attempt's result instead of executing twice.
 * Not thread-safe: the server applies from its single apply thread.
 */
public final class KvStateMachine {

    private record Session(long seq, Result result) {}

    private final Map<String, String> data = new HashMap<>();
    private final Map<Long, Session> sessions = new HashMap<>();
    private long appliedIndex;

    /**
     * Applies the command at log index. Returns its result, or the cached result when
     * (clientId, seq) already executed; null for a sequence number older than the
     * client's last (its client has moved on and waits for nobody).
     */
    public Result apply(long index, Command c) {
        appliedIndex = index;
        Session s = sessions.get(c.clientId());
        if (s != null) {
            if (c.seq() == s.seq()) {
                return s.result();
            }
            if (c.seq() < s.seq()) {
                return null;
            }
        }
        Result r = execute(c);
        sessions.put(c.clientId(), new Session(c.seq(), r));
        return r;
    }

    /** A read from local state, outside the log: what the stale-read mode serves. */
    public String read(String key) {
        return data.get(key);
    }

    public long appliedIndex() {
        return appliedIndex;
    }

    public int size() {
        return data.size();
    }

    private Result execute(Command c) {
        switch (c.op()) {
            case GET:
                return new Result(true, data.get(c.key()));
            case PUT:
                data.put(c.key(), c.value());
                return Result.OK;
            case APPEND: {
                String v = data.getOrDefault(c.key(), "") + c.value();
                data.put(c.key(), v);
                return new Result(true, v);
            }
            case CAS: {
                String cur = data.get(c.key());
                if (cur == null ? c.expected() != null : !cur.equals(c.expected())) {
                    return new Result(false, cur);
                }
                data.put(c.key(), c.value());
                return Result.OK;
            }
            default:
                throw new IllegalStateException("unhandled op " + c.op());
        }
    }

    /** The whole state, in a deterministic order so replicas at one index produce equal bytes. */
    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(SNAPSHOT_VERSION);
            out.writeLong(appliedIndex);
            Map<String, String> sorted = new TreeMap<>(data);
            out.writeInt(sorted.size());
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                writeString(out, e.getKey());
                writeString(out, e.getValue());
            }
            Map<Long, Session> ss = new TreeMap<>(sessions);
            out.writeInt(ss.size());
            for (Map.Entry<Long, Session> e : ss.entrySet()) {
                out.writeLong(e.getKey());
                out.writeLong(e.getValue().seq());
                out.writeBoolean(e.getValue().result().ok());
                writeString(out, e.getValue().result().value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Replaces the whole state with a snapshot's (an InstallSnapshot from the leader, or a restart). */
    public void restore(byte[] snapshot) {
        data.clear();
        sessions.clear();
        appliedIndex = 0;
        if (snapshot == null || snapshot.length == 0) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int version = in.readInt();
            if (version != SNAPSHOT_VERSION) {
                throw new IllegalArgumentException("snapshot format " + version + ", expected " + SNAPSHOT_VERSION);
            }
            appliedIndex = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                data.put(readString(in), readString(in));
            }
            int m = in.readInt();
            for (int i = 0; i < m; i++) {
                long client = in.readLong();
                long seq = in.readLong();
                boolean ok = in.readBoolean();
                sessions.put(client, new Session(seq, new Result(ok, readString(in))));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated KV snapshot", e);
        }
    }

    private static final int SNAPSHOT_VERSION = 1;

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = Bytes.utf8(s);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new IOException("short string");
        }
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
