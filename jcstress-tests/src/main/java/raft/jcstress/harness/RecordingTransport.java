package raft.jcstress.harness;

import raft.core.Message;
import raft.node.Transport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Keeps every message the node sends, in order; an optional check runs at the moment of sending. */
public final class RecordingTransport implements Transport {
    private final List<Message> sent = new ArrayList<>();
    private volatile Consumer<Message> onSend = m -> {};

    public void onSend(Consumer<Message> check) {
        this.onSend = check;
    }

    @Override
    public void send(Message message) {
        onSend.accept(message);
        synchronized (this) {
            sent.add(message);
        }
    }

    public synchronized List<Message> sent() {
        return List.copyOf(sent);
    }

    public synchronized <T extends Message> List<T> sent(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Message m : sent) {
            if (type.isInstance(m)) {
                out.add(type.cast(m));
            }
        }
        return out;
    }

    public synchronized void clear() {
        sent.clear();
    }
}
