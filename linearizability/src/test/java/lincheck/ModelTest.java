package lincheck;

import lincheck.edn.Edn;
import lincheck.model.Model;
import lincheck.model.Models;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sequential specifications, op by op. */
class ModelTest {
    static Model m(String name, String init) { return Models.create(name, Edn.readString(init)); }
    static Object v(String edn) { return Edn.readString(edn); }
    static boolean bad(Model m) { return m.isInconsistent(); }

    @Test
    void casRegister() {
        Model r = m("cas-register", "0");
        assertTrue(bad(r.step(Edn.kw("read"), 1L)));
        assertFalse(bad(r.step(Edn.kw("read"), null)), "a read of unknown value fits any state");
        Model w = r.step(Edn.kw("cas"), v("[0 5]"));
        assertEquals(m("cas-register", "5"), w);
        assertTrue(bad(w.step(Edn.kw("cas"), v("[0 6]"))));
        assertTrue(((lincheck.model.Inconsistent) w.step(Edn.kw("cas"), v("[0 6]"))).msg().contains("can't CAS 5 from 0"));
    }

    @Test
    void kv() {
        Model k = m("kv", "{}");
        assertFalse(bad(k.step(Edn.kw("get"), v("[\"a\" nil]"))), "absent reads as nil");
        Model a = k.step(Edn.kw("append"), v("[\"a\" \"x\"]")).step(Edn.kw("append"), v("[\"a\" \"y\"]"));
        assertFalse(bad(a.step(Edn.kw("get"), v("[\"a\" \"xy\"]"))));
        assertTrue(bad(a.step(Edn.kw("get"), v("[\"a\" nil]"))));
        assertFalse(bad(a.step(Edn.kw("cas"), v("[\"a\" [\"xy\" \"z\"]]"))));
        assertTrue(bad(a.step(Edn.kw("cas"), v("[\"a\" [\"x\" \"z\"]]"))));
        assertEquals("a", k.keyOf(Edn.kw("put"), v("[\"a\" 1]")));
        assertNotNull(k.checkOp(Edn.kw("cas"), v("[\"a\" 1]")));
        assertNull(k.checkOp(Edn.kw("put"), v("[\"a\" 1]")));
    }

    @Test
    void multiRegister() {
        Model r = m("multi-register", "{:x 0 :y 0}");
        Model w = r.step(Edn.kw("txn"), v("[[:write :x 1] [:read :x 1] [:read :y 0]]"));
        assertFalse(bad(w));
        assertTrue(bad(w.step(Edn.kw("txn"), v("[[:read :x 0]]"))));
        assertEquals(Edn.kw("x"), r.keyOf(Edn.kw("txn"), v("[[:read :x nil] [:write :x 2]]")));
        assertNull(r.keyOf(Edn.kw("txn"), v("[[:read :x nil] [:read :y nil]]")), "two keys: not splittable");
    }

    @Test
    void mutexSetAndQueues() {
        Model mu = m("mutex", "nil");
        assertTrue(bad(mu.step(Edn.kw("release"), null)));
        assertTrue(bad(mu.step(Edn.kw("acquire"), null).step(Edn.kw("acquire"), null)));
        Model s = m("set", "nil").step(Edn.kw("add"), 1L).step(Edn.kw("add"), 2L);
        assertFalse(bad(s.step(Edn.kw("read"), v("[2 1]"))));
        assertTrue(bad(s.step(Edn.kw("read"), v("[1]"))));
        Model q = m("fifo-queue", "nil").step(Edn.kw("enqueue"), 1L).step(Edn.kw("enqueue"), 2L);
        assertTrue(bad(q.step(Edn.kw("dequeue"), 2L)));
        assertFalse(bad(q.step(Edn.kw("dequeue"), 1L).step(Edn.kw("dequeue"), 2L)));
        Model u = m("unordered-queue", "nil").step(Edn.kw("enqueue"), 1L).step(Edn.kw("enqueue"), 2L);
        assertFalse(bad(u.step(Edn.kw("dequeue"), 2L).step(Edn.kw("dequeue"), 1L)));
        assertTrue(bad(u.step(Edn.kw("dequeue"), 3L)));
    }
}
