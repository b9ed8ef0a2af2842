package raft.jcstress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.Outcome;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs each probe's actors one after the other, in every order, on one thread. With no
 * overlap at all the node must land on an outcome the probe declares ACCEPTABLE; this pins
 * each probe's expectations to the real node before jcstress adds the races.
 */
class SequentialProbeTest {

    @ParameterizedTest
    @ValueSource(strings = {"ConcurrentStartProbe", "StateSnapshotProbe", "VoteVersusTimerProbe",
            "PersistVoteProbe", "PersistAppendProbe", "ApplyVersusSnapshotProbe",
            "ApplyVersusInstallSnapshotProbe", "SnapshotFromApplierProbe", "ShutdownProbe"})
    void everySerialOrderIsAcceptable(String probe) throws Exception {
        Class<?> type = Class.forName("raft.jcstress.probes." + probe);
        List<Method> actors = new ArrayList<>();
        Method arbiter = null;
        Class<?> resultType = null;
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(Actor.class)) {
                actors.add(m);
            } else if (m.isAnnotationPresent(Arbiter.class)) {
                arbiter = m;
            }
            if ((m.isAnnotationPresent(Actor.class) || m.isAnnotationPresent(Arbiter.class)) && m.getParameterCount() == 1) {
                resultType = m.getParameterTypes()[0];
            }
        }
        actors.sort(Comparator.comparing(Method::getName));
        assertEquals(2, actors.size(), probe + " should have two actors");
        assertTrue(resultType != null, probe + " should record a result");
        List<String> acceptable = new ArrayList<>();
        for (Outcome o : type.getAnnotationsByType(Outcome.class)) {
            if (o.expect() == Expect.ACCEPTABLE) {
                acceptable.addAll(Arrays.asList(o.id()));
            }
        }
        for (List<Method> order : List.of(actors, List.of(actors.get(1), actors.get(0)))) {
            Object state = type.getConstructor().newInstance();
            Object result = resultType.getConstructor().newInstance();
            for (Method a : order) {
                invoke(a, state, result);
            }
            if (arbiter != null) {
                invoke(arbiter, state, result);
            }
            String outcome = result.toString();
            assertTrue(acceptable.contains(outcome), probe + " run serially as "
                    + order.stream().map(Method::getName).toList() + " gave " + outcome + ", acceptable: " + acceptable);
        }
    }

    private static void invoke(Method m, Object state, Object result) throws Exception {
        if (m.getParameterCount() == 1) {
            m.invoke(state, result);
        } else {
            m.invoke(state);
        }
    }
}
