package raft.transport;

import org.junit.jupiter.api.Test;
import raft.core.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeInboxTest {
    static Message vote(long term) {
        return new Message.RequestVote(1, 0, term, 0, 0);
    }

    @Test
    void stepsRepliesOnTheCallersThread() {
        List<String> threads = new ArrayList<>();
        try (NodeInbox inbox = new NodeInbox("inbox-test", m -> threads.add(Thread.currentThread().getName()))) {
            inbox.accept(new Message.RequestVoteReply(1, 0, 1, true));
        }
        assertEquals(List.of(Thread.currentThread().getName()), threads);
    }

    @Test
    void deliversRequestsInArrivalOrderOnItsOwnThreadAndSurvivesANodeFailure() throws Exception {
        List<Long> terms = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(100);
        try (NodeInbox inbox = new NodeInbox("inbox-test", m -> {
            try {
                if (m.term() == 3) {
                    throw new IllegalStateException("disk full");
                }
                synchronized (terms) {
                    terms.add(m.term());
                    threads.add(Thread.currentThread().getName());
                }
            } finally {
                all.countDown();
            }
        })) {
            for (long t = 0; t < 100; t++) {
                inbox.accept(vote(t));
            }
            assertTrue(all.await(10, TimeUnit.SECONDS));
            synchronized (terms) {
                assertEquals(99, terms.size());
                for (int i = 0; i < terms.size(); i++) {
                    assertEquals(i < 3 ? i : i + 1, terms.get(i));
                }
                assertTrue(threads.stream().allMatch("inbox-test"::equals));
            }
            assertEquals(0, inbox.dropped());
        }
    }

    @Test
    void aStalledNodeMakesItDropNotBlock() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        NodeInbox inbox = new NodeInbox("inbox-stalled", m -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // One taken by the thread, CAPACITY queued, the rest dropped, all without waiting.
        for (int i = 0; i < NodeInbox.CAPACITY + 10; i++) {
            inbox.accept(vote(1));
        }
        assertNotEquals(0, inbox.dropped());
        assertTrue(inbox.dropped() <= 10);
        release.countDown();
        inbox.close();
        long before = inbox.dropped();
        inbox.accept(vote(2));
        assertEquals(before + 1, inbox.dropped());
    }
}
