package raft.transport;

import org.junit.jupiter.api.Test;
import raft.core.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /** A read heartbeat must not wait behind a follower's fsync: stepped at once, even while the node is busy. */
    @Test
    void stepsReadHeartbeatsOnTheCallersThreadWhileTheNodeIsBusy() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (NodeInbox inbox = NodeInbox.batching("inbox-test", m -> threads.add(Thread.currentThread().getName()),
                batch -> {
                    busy.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })) {
            inbox.accept(vote(1));
            assertTrue(busy.await(10, TimeUnit.SECONDS));
            inbox.accept(new Message.ReadHeartbeat(1, 0, 1, 7));
            assertEquals(List.of(Thread.currentThread().getName()), threads);
            release.countDown();
        }
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
        // At most one batch taken by the thread, CAPACITY queued, the rest dropped, all without waiting.
        for (int i = 0; i < NodeInbox.CAPACITY + NodeInbox.MAX_BATCH + 10; i++) {
            inbox.accept(vote(1));
        }
        assertTrue(inbox.dropped() >= 10, "dropped " + inbox.dropped());
        assertTrue(inbox.dropped() <= NodeInbox.MAX_BATCH + 10, "dropped " + inbox.dropped());
        release.countDown();
        inbox.close();
        long before = inbox.dropped();
        inbox.accept(vote(2));
        assertEquals(before + 1, inbox.dropped());
    }
    @Test
    void handsOverWhatQueuedUpMeanwhileAsOneBatchInOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch all = new CountDownLatch(20);
        List<List<Long>> batches = new ArrayList<>();
        List<Long> replies = new ArrayList<>();
        try (NodeInbox inbox = NodeInbox.batching("inbox-batch", m -> replies.add(m.term()), ms -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (batches) {
                batches.add(ms.stream().map(Message::term).toList());
            }
            ms.forEach(m -> all.countDown());
        })) {
            for (long t = 0; t < 20; t++) {
                inbox.accept(vote(t));
            }
            inbox.accept(new Message.RequestVoteReply(1, 0, 99, true));
            assertEquals(List.of(99L), replies, "a reply skips the queue");
            release.countDown();
            assertTrue(all.await(10, TimeUnit.SECONDS));
            synchronized (batches) {
                assertEquals(java.util.stream.LongStream.range(0, 20).boxed().toList(),
                        batches.stream().flatMap(List::stream).toList(), "every request once, in arrival order");
                assertTrue(batches.size() < 20, "the requests queued during a delivery go together: " + batches);
                assertTrue(batches.stream().allMatch(b -> b.size() <= NodeInbox.MAX_BATCH));
            }
        }
    }
}
