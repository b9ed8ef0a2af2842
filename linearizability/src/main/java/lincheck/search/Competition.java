package lincheck.search;

import lincheck.history.History;
import lincheck.model.Model;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Runs WGL and linear side by side and keeps the first decided answer, cancelling the other. */
public final class Competition implements Search {
    static final long HEAD_START_MS = 100;

    @Override
    public Outcome run(Model initial, History h, Budget budget) {
        Budget wglBudget = budget.child();
        Budget linearBudget = budget.child();
        BlockingQueue<Outcome> answers = new ArrayBlockingQueue<>(2);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread wgl = start("wgl", answers, failure, () -> new Wgl().run(initial, h, wglBudget));
        // Linear starts after a head start: most histories are settled by WGL within it, and on a
        // busy machine two searches from the first instant would halve WGL's speed for nothing.
        Thread linear = start("linear", answers, failure, () -> {
            try {
                wgl.join(HEAD_START_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Budget.Cause stop = linearBudget.exhausted();
            if (stop != null) return Outcome.unknown("linear", stop);
            return new Linear().run(initial, h, linearBudget);
        });
        Outcome first = null;
        try {
            first = answers.take();
            if (first.verdict() == Outcome.Verdict.UNKNOWN) {
                // The first to give up may have hit its own limit; the other may still decide.
                Outcome second = answers.take();
                if (second.verdict() != Outcome.Verdict.UNKNOWN || first.cause() == Budget.Cause.CANCELLED) first = second;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            first = Outcome.unknown("competition", Budget.Cause.CANCELLED);
        } finally {
            wglBudget.cancel();
            linearBudget.cancel();
        }
        // The loser is not awaited: it sees its cancel flag within a few thousand steps and ends.
        if (failure.get() != null) throw failure.get();
        return first;
    }

    private static Thread start(String name, BlockingQueue<Outcome> answers, AtomicReference<RuntimeException> failure,
                                Supplier<Outcome> search) {
        Thread t = new Thread(() -> {
            try {
                answers.add(search.get());
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                answers.add(Outcome.unknown(name, Budget.Cause.CANCELLED));
            } catch (OutOfMemoryError e) {
                // Answer anyway: the caller waits for two answers and must not wait forever.
                answers.add(Outcome.unknown(name, Budget.Cause.OUT_OF_MEMORY));
            }
        }, "lincheck-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
