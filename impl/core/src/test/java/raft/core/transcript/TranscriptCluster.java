package raft.core.transcript;

import raft.core.ApplyMsg;
import raft.core.Message;
import raft.core.RaftConfig;
import raft.core.RaftCore;
import raft.core.RaftStorage;
import raft.core.Ready;
import raft.core.StartResult;
import raft.core.Tracer;
import raft.persister.MemoryPersister;
import raft.persister.PersisterStorage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cores wired together by hand for transcripts: each input is one command, and nothing
 * happens between commands. Storage is a {@link PersisterStorage} per node, written when a
 * command takes a node's Ready (so a restart loses what was not yet taken); messages taken
 * from a Ready stay in flight until a deliver or drop command. Every election timeout is
 * fixed per node (electionTicksMin == electionTicksMax), so the seeded random never matters.
 */
final class TranscriptCluster {
    private final List<RaftConfig> configs = new ArrayList<>();
    private final List<PersisterStorage> storage = new ArrayList<>();
    private final List<RaftCore> cores = new ArrayList<>();
    private final List<String> lastState = new ArrayList<>();
    private final List<Message> inFlight = new ArrayList<>();
    private final List<String> out = new ArrayList<>();

    /** @param electionTicks each node's election timeout in ticks */
    TranscriptCluster(List<Integer> electionTicks, int heartbeatTicks) {
        for (int i = 0; i < electionTicks.size(); i++) {
            int e = electionTicks.get(i);
            configs.add(new RaftConfig(1, e, e, heartbeatTicks, 512, 1 << 20));
            storage.add(new PersisterStorage(new MemoryPersister()));
            cores.add(null);
            lastState.add("");
        }
        for (int i = 0; i < cores.size(); i++) {
            start(i);
        }
        for (int i = 0; i < cores.size(); i++) {
            noteState(i);
        }
        out.clear();
    }

    int size() {
        return cores.size();
    }

    private RaftCore core(int id) {
        if (id < 0 || id >= cores.size()) {
            throw new IllegalArgumentException("no node " + id + " (nodes are 0.." + (cores.size() - 1) + ")");
        }
        return cores.get(id);
    }

    private void start(int id) {
        RaftStorage.Recovered r = storage.get(id).recover();
        cores.set(id, new RaftCore(id, cores.size(), configs.get(id), r, new SplittableRandom(id), Tracer.NONE));
    }

    /** Output of the command just run, then cleared. */
    List<String> takeOutput() {
        for (int i = 0; i < cores.size(); i++) {
            noteState(i);
        }
        List<String> o = List.copyOf(out);
        out.clear();
        return o;
    }

    /** Prints a node's role line when it changed since the last command. */
    private void noteState(int id) {
        RaftCore c = cores.get(id);
        String s = id + " is " + c.roleName() + " term=" + c.currentTerm() + " vote=" + c.votedFor()
                + (c.leaderId() >= 0 && c.leaderId() != id ? " leader=" + c.leaderId() : "");
        if (!s.equals(lastState.get(id))) {
            out.add(s);
            lastState.set(id, s);
        }
    }

    void tick(int id, int times) {
        for (int k = 0; k < times; k++) {
            core(id).tick();
        }
    }

    void propose(int id, String command) {
        StartResult r = core(id).clientRequest(command.getBytes(StandardCharsets.UTF_8));
        out.add(r.isLeader() ? "proposed index=" + r.index() + " term=" + r.term() : "not leader (term " + r.term() + ")");
    }

    /** A membership change asked of node id: the index of its configuration entry, or why it was refused. */
    void change(int id, raft.core.MembershipChange change) {
        try {
            out.add("changed index=" + core(id).changeMembership(change) + " "
                    + MessageText.conf(core(id).membership()));
        } catch (raft.core.MembershipException e) {
            out.add("refused: " + e.getMessage() + " (leader hint " + e.leaderHint() + ")");
        }
    }

    void snapshot(int id, long index, String data) {
        core(id).snapshot(index, data.getBytes(StandardCharsets.UTF_8));
    }

    void flush(int id) {
        core(id).flush();
    }

    /** The node crashes: its unpersisted state is gone; it comes back from storage. */
    void restart(int id) {
        core(id);
        start(id);
    }

    /**
     * Takes node id's Ready as the RaftNode shell would (flushIdle first), prints it, makes
     * the update durable, reports it persisted and puts the messages in flight. Returns
     * whether there was anything.
     */
    boolean ready(int id) {
        RaftCore c = core(id);
        c.flushIdle();
        Ready r = c.ready();
        if (r.isEmpty()) {
            return false;
        }
        if (r.update() != null) {
            out.add(update(r.update()));
            storage.get(id).persist(r.update());
        }
        for (int k = 0; k < r.messages().size(); k++) {
            out.add((k < r.earlyCount() ? "send early " : "send ") + MessageText.format(r.messages().get(k)));
        }
        inFlight.addAll(r.messages());
        for (ApplyMsg a : r.applies()) {
            if (a instanceof ApplyMsg.Config k) {
                out.add("apply " + k.index() + " term=" + k.term() + " " + MessageText.conf(k.membership()));
                continue;
            }
            out.add(a instanceof ApplyMsg.Command cmd
                    ? "apply " + cmd.index() + " term=" + cmd.term() + " " + MessageText.text(cmd.command())
                    : "apply snapshot " + a.index() + " " + MessageText.text(((ApplyMsg.Snapshot) a).snapshot()));
        }
        if (r.flushWanted()) {
            out.add("flush wanted");
        }
        c.persisted(r);
        return true;
    }

    private static String update(RaftStorage.Update u) {
        StringBuilder b = new StringBuilder("persist term=" + u.term() + " vote=" + u.votedFor());
        if (u.truncateFrom() > 0) {
            b.append(" truncate-from=").append(u.truncateFrom());
        }
        if (!u.append().isEmpty()) {
            b.append(" append ").append(u.append().get(0).index()).append("..")
                    .append(u.append().get(u.append().size() - 1).index()).append("=")
                    .append(MessageText.entries(u.append()));
        }
        if (u.snapshot() != null) {
            b.append(" snapshot=").append(u.snapshot().index()).append("/").append(u.snapshot().term());
        }
        return b.toString();
    }

    /** Steps the addressee with a message typed in the transcript. */
    void deliver(Message m) {
        core(m.to()).step(m);
    }

    /** Delivers (or drops) every in-flight message matching from/to (-1: any), oldest first. */
    void deliverInFlight(int from, int to, boolean drop) {
        List<Message> chosen = new ArrayList<>();
        for (Iterator<Message> it = inFlight.iterator(); it.hasNext(); ) {
            Message m = it.next();
            if ((from < 0 || m.from() == from) && (to < 0 || m.to() == to)) {
                chosen.add(m);
                it.remove();
            }
        }
        for (Message m : chosen) {
            out.add((drop ? "dropped " : "delivered ") + MessageText.format(m));
            if (!drop) {
                core(m.to()).step(m);
            }
        }
    }

    /**
     * Until nothing moves: every node's flush timer fires, its Ready is taken, every message
     * in flight is delivered. No ticks.
     */
    void stabilize() {
        for (int round = 0; round < 1000; round++) {
            boolean any = false;
            for (int i = 0; i < cores.size(); i++) {
                cores.get(i).flush();
                if (ready(i)) {
                    any = true;
                }
            }
            if (inFlight.isEmpty() && !any) {
                return;
            }
            deliverInFlight(-1, -1, false);
        }
        throw new IllegalStateException("stabilize: still busy after 1000 rounds");
    }

    void status() {
        for (int i = 0; i < cores.size(); i++) {
            RaftCore c = cores.get(i);
            List<String> terms = new ArrayList<>();
            for (long k = c.snapshotIndex() + 1; k <= c.lastIndex(); k++) {
                terms.add(String.valueOf(c.termAt(k)));
            }
            out.add(i + ": " + c.roleName() + " term=" + c.currentTerm() + " commit=" + c.commitIndex()
                    + " snapshot=" + c.snapshotIndex() + "/" + c.snapshotTerm() + " log=[" + String.join(",", terms) + "]");
        }
    }
}
