package lincheck;

import clojure.lang.IPersistentMap;
import lincheck.api.CheckOptions;
import lincheck.api.CheckResult;
import lincheck.api.Linearizability;
import lincheck.edn.Edn;
import lincheck.edn.HistoryReader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file is streamed into compact records and the op maps of the report are rebuilt from them:
 * the report must be the one the ops as maps give (each invalid corpus history, both ways), its
 * failing op the file's own, and an op map with keys of its own (Jepsen's :time) is reported whole.
 */
class StreamedHistoryTest {
    @Test
    void streamedFileReportsWhatTheOpsAsMapsReport() {
        int compared = 0;
        for (Corpus.Entry e : Corpus.entries()) {
            if (e.valid()) continue;
            CheckOptions o = CheckOptions.defaults().withAlgorithm("wgl");
            CheckResult streamed = Linearizability.check(e.model(), e.init(), Corpus.file(e.path()), o);
            List<?> ops = (List<?>) HistoryReader.read(Corpus.file(e.path()));
            CheckResult inMemory = Linearizability.check(e.model(), e.init(), ops, o);
            for (String key : List.of("valid?", "op", "previous-ok", "configs", "final-paths")) {
                assertEquals(Edn.pr(inMemory.map().valAt(Edn.kw(key))), Edn.pr(streamed.map().valAt(Edn.kw(key))), e.path() + " " + key);
            }
            // The rebuilt op is the op of the file (with its position as :index when it had none).
            IPersistentMap op = (IPersistentMap) streamed.failingOp();
            IPersistentMap original = (IPersistentMap) ops.get((int) streamed.failingIndex());
            if (original.valAt(Edn.kw("index")) == null) original = (IPersistentMap) original.assoc(Edn.kw("index"), streamed.failingIndex());
            assertEquals(original, op, e.path());
            compared++;
        }
        assertTrue(compared >= 5, "compared " + compared + " invalid histories");
    }

    @Test
    void opMapsWithTheirOwnKeysAreReportedWhole() {
        String h = "{:process 0 :type :invoke :f :acquire :value nil :time 10}\n"
                + "{:process 0 :type :ok :f :acquire :value nil :time 20}\n"
                + "{:process 1 :type :invoke :f :acquire :value nil}\n"
                + "{:process 1 :type :ok :f :acquire :value nil}\n";
        CheckResult r = Linearizability.checkEdn("mutex", null, h, CheckOptions.defaults().withAlgorithm("wgl"));
        assertEquals(Edn.readString("{:process 1 :type :ok :f :acquire :value nil :index 3}"), r.failingOp());
        IPersistentMap previous = (IPersistentMap) r.map().valAt(Edn.kw("previous-ok"));
        assertEquals(Edn.readString("{:process 0 :type :ok :f :acquire :value nil :time 20 :index 1}"), previous);
    }
}
