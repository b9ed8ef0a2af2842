package raft.jepsen;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HistoryTest {

    @Test
    void opsAreWrittenInJepsensShape() {
        History h = new History();
        History.Op inv = h.add("invoke", 3, "cas", Arrays.asList(1, 2), null);
        History.Op info = h.add("info", 3, "cas", Arrays.asList(1, 2), "timed \"out\"");
        History.Op nem = h.add("info", "nemesis", "start-kill", "n1", null);
        assertEquals("{:type :invoke, :f :cas, :value [1 2], :process 3, :time " + inv.time() + ", :index 0}",
                History.edn(inv));
        assertEquals("{:type :info, :f :cas, :value [1 2], :process 3, :time " + info.time()
                + ", :index 1, :error \"timed \\\"out\\\"\"}", History.edn(info));
        assertEquals("{:type :info, :f :start-kill, :value \"n1\", :process :nemesis, :time " + nem.time()
                + ", :index 2}", History.edn(nem));
        StringBuilder sb = new StringBuilder();
        History.value(sb, Arrays.asList(0, Arrays.asList("a", null)));
        assertEquals("[0 [\"a\" nil]]", sb.toString());
    }

    @Test
    void reportPairsCompletionsWithTheirInvocations() {
        List<History.Op> ops = List.of(
                new History.Op(0, "invoke", 0, "read", null, 1_000_000, null),
                new History.Op(1, "invoke", 1, "write", 2, 2_000_000, null),
                new History.Op(2, "info", "nemesis", "start-pause", "n0", 2_500_000, null),
                new History.Op(3, "ok", 1, "write", 2, 5_000_000, null),
                new History.Op(4, "fail", 0, "read", null, 9_000_000, null));
        List<Report.Sample> s = Report.samples(ops);
        assertEquals(2, s.size());
        assertEquals(3.0, s.get(0).latencyMs(), 1e-9);
        assertEquals("ok", s.get(0).type());
        assertEquals(8.0, s.get(1).latencyMs(), 1e-9);
        assertEquals("fail", s.get(1).type());
    }
}
