package lincheck;

import clojure.java.api.Clojure;
import lincheck.api.CheckOptions;
import lincheck.api.CheckResult;
import lincheck.api.Linearizability;
import lincheck.edn.Edn;
import lincheck.edn.InputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Other tools' conventions: what an absent kv key reads (nil by Knossos, "" by 6.824 and
 * Porcupine) and what a register read of nil means (unknown by Knossos, a value by Porcupine).
 * Each hand-written history below changes verdict with the option, under every search.
 */
class ConventionsTest {
    static final CheckOptions KNOSSOS = CheckOptions.defaults();
    static final CheckOptions EMPTY_ABSENT = CheckOptions.defaults().withAbsent("");
    static final CheckOptions NIL_VALUE = CheckOptions.defaults().withNilRead("value");

    /** A get of a key never written that saw "" (how a 6.824 / Porcupine history records it). */
    static final String GET_EMPTY = "{:process 0 :type :invoke :f :get :value [\"k\" nil]}\n"
            + "{:process 0 :type :ok :f :get :value [\"k\" \"\"]}\n";
    /** The same get as Knossos records it. */
    static final String GET_NIL = "{:process 0 :type :invoke :f :get :value [\"k\" nil]}\n"
            + "{:process 0 :type :ok :f :get :value [\"k\" nil]}\n";
    /** A read of nil after a completed write of 1. */
    static final String READ_NIL_AFTER_WRITE = "{:process 0 :type :invoke :f :write :value 1}\n"
            + "{:process 0 :type :ok :f :write :value 1}\n"
            + "{:process 1 :type :invoke :f :read :value nil}\n"
            + "{:process 1 :type :ok :f :read :value nil}\n";

    static CheckResult.Verdict verdict(String model, String init, String history, CheckOptions o) {
        CheckResult.Verdict v = null;
        for (String alg : List.of("wgl", "linear", "competition")) {
            CheckResult r = Linearizability.checkEdn(model, init, history, o.withAlgorithm(alg));
            if (v != null) assertEquals(v, r.verdict(), alg + " disagrees: " + r.edn());
            v = r.verdict();
        }
        return v;
    }

    @Test
    void absentKeyReadsTheAbsentValue() {
        assertEquals(CheckResult.Verdict.INVALID, verdict("kv", "{}", GET_EMPTY, KNOSSOS));
        assertEquals(CheckResult.Verdict.VALID, verdict("kv", "{}", GET_EMPTY, EMPTY_ABSENT));
        assertEquals(CheckResult.Verdict.VALID, verdict("kv", "{}", GET_NIL, KNOSSOS));
        assertEquals(CheckResult.Verdict.INVALID, verdict("kv", "{}", GET_NIL, EMPTY_ABSENT));
        CheckResult r = Linearizability.checkEdn("kv", "{}", GET_EMPTY, KNOSSOS.withAlgorithm("wgl"));
        assertTrue(r.edn().contains("can't get \\\"\\\" from key \\\"k\\\" = nil"), r.edn());
    }

    @Test
    void appendToAbsentKeyStartsFromTheAbsentValueWhenAString() {
        String h = "{:process 0 :type :invoke :f :append :value [\"k\" \"x\"]}\n"
                + "{:process 0 :type :ok :f :append :value [\"k\" \"x\"]}\n"
                + "{:process 1 :type :invoke :f :get :value [\"k\" nil]}\n"
                + "{:process 1 :type :ok :f :get :value [\"k\" \"_x\"]}\n";
        assertEquals(CheckResult.Verdict.INVALID, verdict("kv", "{}", h, KNOSSOS));
        assertEquals(CheckResult.Verdict.VALID, verdict("kv", "{}", h, KNOSSOS.withAbsent("_")));
        // Not a string: the append starts from "", as without the option.
        assertEquals(CheckResult.Verdict.VALID, verdict("kv", "{}", h.replace("\"_x\"", "\"x\""), KNOSSOS.withAbsent(0L)));
        // A key written nil is present: its get reads nil, whatever an absent key would read.
        String putNil = "{:process 0 :type :invoke :f :put :value [\"k\" nil]}\n"
                + "{:process 0 :type :ok :f :put :value [\"k\" nil]}\n"
                + "{:process 1 :type :invoke :f :get :value [\"k\" nil]}\n"
                + "{:process 1 :type :ok :f :get :value [\"k\" nil]}\n";
        assertEquals(CheckResult.Verdict.VALID, verdict("kv", "{}", putNil, EMPTY_ABSENT));
    }

    @Test
    void registerReadOfNilIsUnknownOrAValue() {
        for (String model : List.of("register", "cas-register")) {
            assertEquals(CheckResult.Verdict.VALID, verdict(model, "0", READ_NIL_AFTER_WRITE, KNOSSOS), model);
            assertEquals(CheckResult.Verdict.INVALID, verdict(model, "0", READ_NIL_AFTER_WRITE, NIL_VALUE), model);
            // nil as a value: the initial nil, or one written, is read back.
            String initialNil = READ_NIL_AFTER_WRITE.substring(READ_NIL_AFTER_WRITE.indexOf("{:process 1"));
            assertEquals(CheckResult.Verdict.VALID, verdict(model, null, initialNil, NIL_VALUE), model);
            assertEquals(CheckResult.Verdict.INVALID, verdict(model, "0", initialNil, NIL_VALUE), model);
            assertEquals(CheckResult.Verdict.VALID, verdict(model, "0", READ_NIL_AFTER_WRITE.replace(":value 1", ":value nil"), NIL_VALUE), model);
        }
    }

    @Test
    void clojureOptionsAreTheSame() {
        Object r = Clojure.var("clojure.core", "load-string").invoke(
                "(require '[lincheck.core :as c] '[lincheck.model :as m])"
                + "(let [get-empty [{:process 0 :type :invoke :f :get :value [\"k\" nil]} {:process 0 :type :ok :f :get :value [\"k\" \"\"]}]"
                + "      read-nil [{:process 0 :type :invoke :f :write :value 1} {:process 0 :type :ok :f :write :value 1}"
                + "                {:process 1 :type :invoke :f :read :value nil} {:process 1 :type :ok :f :read :value nil}]]"
                + "  (mapv :valid? [(c/analysis (m/kv {}) get-empty) (c/analysis (m/kv {} {:absent \"\"}) get-empty)"
                + "                 (c/analysis (m/register 0) read-nil) (c/analysis (m/register 0 {:nil-read :value}) read-nil)"
                + "                 (c/analysis (m/cas-register 0 {:nil-read :value}) read-nil)"
                + "                 (c/analysis (m/model :kv {} {:absent \"\"}) get-empty)]))");
        assertEquals(List.of(false, true, true, false, false, true), r);
    }

    @Test
    void optionsForAnotherModelAreRefused() {
        InputException e = assertThrows(InputException.class,
                () -> Linearizability.checkEdn("register", "0", READ_NIL_AFTER_WRITE, EMPTY_ABSENT));
        assertTrue(e.getMessage().contains("kv model only"), e.getMessage());
        e = assertThrows(InputException.class, () -> Linearizability.checkEdn("kv", "{}", GET_NIL, NIL_VALUE));
        assertTrue(e.getMessage().contains("register and cas-register"), e.getMessage());
        assertThrows(InputException.class, () -> KNOSSOS.withNilRead("maybe"));
        assertEquals(Edn.readString("{:absent \"\" :nil-read :value}"),
                lincheck.model.Conventions.DEFAULT.withAbsent("").withNilRead(lincheck.model.Conventions.NilRead.VALUE).toEdn());
    }
}
