package raft.node;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InlineExecutorTest {
    @Test
    void tasksWaitUntilOpenThenRunInOrderOnTheOpenersThreadAndLaterOnesOnTheCallers() throws Exception {
        InlineExecutor ex = new InlineExecutor();
        List<String> ran = new ArrayList<>();
        CompletableFuture.runAsync(() -> {
            ex.execute(() -> ran.add("a on " + Thread.currentThread().getName()));
            ex.execute(() -> {
                ran.add("b");
                ex.execute(() -> ran.add("c, queued while b ran"));
            });
        }).get();
        assertEquals(List.of(), ran, "nothing runs before open()");
        ex.open();
        String me = Thread.currentThread().getName();
        assertEquals(List.of("a on " + me, "b", "c, queued while b ran"), ran);
        ex.execute(() -> ran.add("d on " + Thread.currentThread().getName()));
        assertEquals("d on " + me, ran.get(3));
    }
}
