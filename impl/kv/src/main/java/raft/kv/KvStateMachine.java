package raft.kv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replicated state: the map plus, per client, the last sequence number executed
 * and its result. Every replica applies the same commands in the same order, so the
 * session table is replicated too: a retry that reaches a new leader after the first
 * attempt committed gets the first attempt's result instead of executing twice.
 * Not thread-safe: the server applies from its single apply thread.
 *
 * The table is bounded by idle time: a session unused for sessionIdleMillis is dropped. Time is
 * the log's (each batch carries its proposer's clock; {@link #clock} is the highest seen so far),
 * never the replica's own, so every replica drops the same sessions at the same index. A client
 * idle longer than that whose old request is retried would run it again: the idle time must
 * exceed any client's retry deadline.
 */
public final class KvStateMachine {

    private record Session(long seq, Result result, long lastActive) {}

    private final Map<String, String> data = new HashMap<>();
    /** In order of lastActive (the log's clock never goes back), so expiry looks at the head only. */
    private final LinkedHashMap<Long, Session> sessions = new LinkedHashMap<>();
    private long appliedIndex;
    private final long sessionIdleMillis;
    private long clock;

    /** Sessions are never dropped. */
    public KvStateMachine() {
        this(0);
    }

    /** @param sessionIdleMillis drop a session idle this long in log time (0: never) */
    public KvStateMachine(long sessionIdleMillis) {
        this.sessionIdleMillis = sessionIdleMillis;
    }

    /**
     * The log's clock moves to time (if later) and sessions idle longer than the bound are
     * dropped. Called once per entry, before its commands.
     */
    public void advanceClock(long time) {
        clock = Math.max(clock, time);
        if (sessionIdleMillis <= 0) {
            return;
        }
        var it = sessions.values().iterator();
        while (it.hasNext()) {
            if (it.next().lastActive() + sessionIdleMillis >= clock) {
                break;
            }
            it.remove();
        }
    }

    public int sessionCount() {
        return sessions.size();
    }

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
        sessions.remove(c.clientId());   // re-inserted at the tail: most recently active
        sessions.put(c.clientId(), new Session(c.seq(), r, clock));
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
            out.writeLong(clock);
            Map<String, String> sorted = new TreeMap<>(data);
            out.writeInt(sorted.size());
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                writeString(out, e.getKey());
                writeString(out, e.getValue());
            }
            // Sorted by (lastActive, client): the order expiry needs, the same bytes on every replica.
            List<Map.Entry<Long, Session>> ss = new ArrayList<>(sessions.entrySet());
            ss.sort(Comparator.comparingLong((Map.Entry<Long, Session> e) -> e.getValue().lastActive())
                    .thenComparingLong(Map.Entry::getKey));
            out.writeInt(ss.size());
            for (Map.Entry<Long, Session> e : ss) {
                out.writeLong(e.getKey());
                out.writeLong(e.getValue().seq());
                out.writeBoolean(e.getValue().result().ok());
                writeString(out, e.getValue().result().value());
                out.writeLong(e.getValue().lastActive());
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
        clock = 0;
        if (snapshot == null || snapshot.length == 0) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int version = in.readInt();
            if (version != 1 && version != SNAPSHOT_VERSION) {
                throw new IllegalArgumentException("snapshot format " + version + ", expected 1 or " + SNAPSHOT_VERSION);
            }
            appliedIndex = in.readLong();
            clock = version == 1 ? 0 : in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                data.put(readString(in), readString(in));
            }
            int m = in.readInt();
            for (int i = 0; i < m; i++) {
                long client = in.readLong();
                long seq = in.readLong();
                boolean ok = in.readBoolean();
                Result result = new Result(ok, readString(in));
                // Version 1 had no idle times: its sessions count as active at time 0.
                sessions.put(client, new Session(seq, result, version == 1 ? 0 : in.readLong()));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated KV snapshot", e);
        }
    }

    /** 2: the log clock and each session's lastActive; 1 (without them) is still read. */
    private static final int SNAPSHOT_VERSION = 2;

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
