package raft.spec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The project's rule for model checking: a configuration that catches a planted bug must
 * also pass on the correct spec. So each bug variant's cfg, without its lines substituting a
 * Buggy* operator, must be the cfg of a pass model of the same suite, checking the same or
 * fewer invariants and properties (TlcModelsTest runs both). A witness (a model expecting a
 * violation with no Buggy* line, e.g. NothingCommitted) must have a pass model's settings: it
 * shows that pass model reaches what the witness names.
 */
class BugConfigsTest {
    static final Path SPEC_DIR = TlcModelsTest.SPEC_DIR;

    static final Set<String> KEYWORDS = Set.of("CONSTANT", "CONSTANTS", "SPECIFICATION", "INIT", "NEXT", "VIEW",
            "SYMMETRY", "CONSTRAINT", "CONSTRAINTS", "ACTION_CONSTRAINT", "ACTION_CONSTRAINTS", "CHECK_DEADLOCK");

    /** A cfg read for comparison: its settings (constants, specification, view...) in order, and what it checks. */
    record Cfg(List<String> settings, Set<String> checked) {
        static Cfg parse(List<String> lines) {
            List<String> settings = new ArrayList<>();
            Set<String> checked = new LinkedHashSet<>();
            String section = null;
            for (String raw : lines) {
                String l = raw.strip();
                if (l.isEmpty() || l.startsWith("\\*") || l.contains("<- Buggy")) {
                    continue;
                }
                if (l.equals("INVARIANTS") || l.equals("INVARIANT") || l.equals("PROPERTIES") || l.equals("PROPERTY")) {
                    section = l.startsWith("INVARIANT") ? "invariant " : "property ";
                } else if (section != null && l.matches("\\w+") && !KEYWORDS.contains(l)) {
                    checked.add(section + l);
                } else {
                    section = null;
                    settings.add(l);
                }
            }
            return new Cfg(settings, checked);
        }

        static Cfg read(Path file) throws IOException {
            return parse(Files.readAllLines(file));
        }

        /** This cfg is {@code pass}'s, checking a subset of what it checks. */
        boolean narrows(Cfg pass) {
            return settings.equals(pass.settings) && pass.checked.containsAll(checked);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBugConfigIsAPassModelsConfigPlusTheBug() throws IOException {
        List<Model> models = Model.load(SPEC_DIR.resolve("models.tsv"));
        List<Model> bugs = models.stream().filter(m -> !m.expectsPass()).toList();
        assertFalse(bugs.isEmpty(), "no bug variants in models.tsv");
        return bugs.stream().map(bug -> DynamicTest.dynamicTest(bug.name(), () -> {
            List<String> lines = Files.readAllLines(SPEC_DIR.resolve(bug.config()));
            boolean witness = lines.stream().noneMatch(l -> l.contains("<- Buggy"));
            assertTrue(!witness || !bug.module().startsWith("RaftBug"),
                    bug.config() + ": no line substitutes a Buggy* operator");
            Cfg cfg = Cfg.parse(lines);
            Optional<Model> twin = Optional.empty();
            for (Model pass : models) {
                if (pass.expectsPass() && pass.suite().equals(bug.suite())) {
                    Cfg passCfg = Cfg.read(SPEC_DIR.resolve(pass.config()));
                    if (witness ? cfg.settings().equals(passCfg.settings()) : cfg.narrows(passCfg)) {
                        twin = Optional.of(pass);
                    }
                }
            }
            assertTrue(twin.isPresent(), witness
                    ? bug.config() + ": a witness with no " + bug.suite() + " pass model's settings shows nothing"
                    : bug.config() + " without its Buggy* lines is no " + bug.suite()
                    + " pass model's cfg: the configuration that catches the bug is not shown to pass without it");
        }));
    }

    @Test
    void aChangedBoundOrAnExtraInvariantIsNoTwin() {
        Cfg pass = Cfg.parse(List.of("CONSTANTS", "    MaxTerm = 2", "    Next <- MCNext", "INVARIANTS", "    A", "    B",
                "PROPERTIES", "    P"));
        Cfg bug = Cfg.parse(List.of("\\* comment", "CONSTANTS", "    MaxTerm = 2", "    Next <- MCNext",
                "    Step <- BuggyStep", "INVARIANTS", "    B", "CONSTANT", "    N = 1"));
        assertEquals(List.of("CONSTANTS", "MaxTerm = 2", "Next <- MCNext", "CONSTANT", "N = 1"), bug.settings());
        assertEquals(Set.of("invariant B"), bug.checked());
        assertFalse(bug.narrows(pass), "a constant the pass model does not set");
        assertTrue(Cfg.parse(List.of("CONSTANTS", "    MaxTerm = 2", "    Next <- MCNext", "    S <- BuggyS", "INVARIANTS",
                "    B")).narrows(pass), "fewer invariants, same settings");
        assertFalse(Cfg.parse(List.of("CONSTANTS", "    MaxTerm = 3", "    Next <- MCNext", "INVARIANTS", "    B"))
                .narrows(pass), "another bound");
        assertFalse(Cfg.parse(List.of("CONSTANTS", "    MaxTerm = 2", "    Next <- MCNext", "INVARIANTS", "    C"))
                .narrows(pass), "an invariant the pass model does not check");
        assertFalse(Cfg.parse(List.of("CONSTANTS", "    MaxTerm = 2", "    Next <- GuidedNext", "INVARIANTS", "    B"))
                .narrows(pass), "another guide");
    }
}
