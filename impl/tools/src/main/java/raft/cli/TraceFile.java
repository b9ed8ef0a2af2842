package raft.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import raft.codec.TraceLines;
import raft.core.Message;
import raft.core.TraceEvent;
import raft.core.Tracer;

/**
 * `server --trace FILE`: the core's events, one line each (raft.codec.TraceLines), appended
 * across restarts of the process. Each line is handed to the OS in one write before the event
 * counts as traced, and messages leave the process only after the step that traced them, so a
 * kill -9 loses at most a torn last line, which the next start cuts (and the merger ignores).
 * Not fsynced: a machine crash may lose more; traces are for process faults.
 *
 * The ids that make the per-node files mergeable: every outgoing frame carries the sequence
 * number of the latest event this node has traced (TracedWire), which is the step that sent it
 * or a later one, and the receiver's event for the message names it.
 */
public final class TraceFile implements Tracer, AutoCloseable {
    /** Ids of received messages not yet traced are kept for this many messages: more are stale drops. */
    static final int PENDING = 4096;

    private final Path path;
    private final FileChannel out;
    private final int node;
    private final LongSupplier clock;
    private volatile long lastSeq;
    private boolean closed;
    private final Map<Message, Long> senders = new IdentityHashMap<>();
    private final ArrayDeque<Message> arrival = new ArrayDeque<>();

    private TraceFile(Path path, FileChannel out, int node, long lastSeq, LongSupplier clock) {
        this.path = path;
        this.out = out;
        this.node = node;
        this.lastSeq = lastSeq;
        this.clock = clock;
    }

    /** PATH itself, or PATH/node-ID.trace when PATH is a directory (one --trace for a whole cluster's servers). */
    public static Path fileFor(Path path, int node) {
        return Files.isDirectory(path) ? path.resolve("node-" + node + ".trace") : path;
    }

    /**
     * Opens (or continues) node's trace: cuts a torn last line, takes up the sequence numbers
     * where the file left them and writes this start's header. Throws IOException naming the
     * file when it belongs to another node or cluster size.
     */
    public static TraceFile open(Path path, TraceLines.Header header, LongSupplier clock) throws IOException {
        Path file = fileFor(path, header.node());
        long last = 0;
        if (Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            int keep = bytes.length;
            while (keep > 0 && bytes[keep - 1] != '\n') {
                keep--;
            }
            String text = new String(bytes, 0, keep, StandardCharsets.UTF_8);
            int lineNo = 0;
            for (String line : text.split("\n")) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    if (line.startsWith("#")) {
                        TraceLines.Header h = TraceLines.parseHeader(line);
                        if (!h.equals(header)) {
                            throw new IllegalArgumentException("written by " + h.line() + ", not " + header.line());
                        }
                    } else {
                        last = TraceLines.parse(line).seq();
                    }
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ":" + lineNo + ": " + e.getMessage());
                }
            }
            if (keep < bytes.length) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(keep); // a torn line of the killed process: not an event
                }
            }
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        TraceFile t = new TraceFile(file, ch, header.node(), last, clock);
        t.write(header.line());
        return t;
    }

    public Path path() {
        return path;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public synchronized void event(TraceEvent e) {
        if (closed) {
            return; // the server is stopping: a step racing the shutdown hook traces nothing more
        }
        long sender = -1;
        if (TraceLines.isReceive(e)) {
            Long s = senders.get(e.message());
            sender = s == null ? 0 : s;
        }
        long seq = lastSeq + 1;
        write(TraceLines.format(seq, clock.getAsLong(), e, sender));
        lastSeq = seq; // only now may a frame name it: the line is in the file
    }

    /** The id an outgoing frame carries: the latest event this node has written. */
    public long lastSeq() {
        return lastSeq;
    }

    /** A frame arrived carrying its sender's event id; the event that takes m will name it. */
    public synchronized void received(Message m, long senderSeq) {
        senders.put(m, senderSeq);
        arrival.add(m);
        if (arrival.size() > PENDING) {
            senders.remove(arrival.poll()); // long since taken or dropped: the inbox holds fewer
        }
    }

    private void write(String line) {
        ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (b.hasRemaining()) {
                out.write(b);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("trace " + path + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        out.close();
    }
}
