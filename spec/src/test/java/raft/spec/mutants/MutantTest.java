package raft.spec.mutants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mutant list: blocks parse, changes apply in one place, and a bad list or change is named. */
class MutantTest {
    static final Path SPEC_DIR = Path.of(System.getProperty("spec.dir", "tla"));

    @TempDir
    Path dir;

    @Test
    void multiLineBlocksParseAndApply() throws Exception {
        Path list = dir.resolve("m.txt");
        Files.writeString(list, "# comment\n\n@ flip  a flipped comparison\n- x <= y\n-   /\\ z\n+ x < y\n+   /\\ z\n"
                + "@ drop  dropped\n- /\\ w\n+\n");
        List<Mutant> ms = Mutant.load(list);
        assertEquals(2, ms.size());
        assertEquals("flip", ms.get(0).name());
        assertEquals("a flipped comparison", ms.get(0).description());
        assertEquals("A x < y\n  /\\ z B", ms.get(0).apply("A x <= y\n  /\\ z B", "S"));
        assertEquals("a  b", ms.get(1).apply("a /\\ w b", "S"));
    }

    @Test
    void aChangeThatDoesNotApplyInExactlyOnePlaceIsNamed() throws Exception {
        Mutant m = new Mutant("twice", "", "x", "y", 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.apply("x x", "Raft.tla"));
        assertTrue(e.getMessage().contains("twice (line 7)") && e.getMessage().contains("more than once"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.apply("z", "Raft.tla"));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void aMalformedBlockNamesItsLine() throws Exception {
        Path list = dir.resolve("bad.txt");
        Files.writeString(list, "@ ok  fine\n- a\n+ b\n@ broken  no replacement\n- c\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mutant.load(list));
        assertTrue(e.getMessage().contains("bad.txt:4"), e.getMessage());
    }

    @Test
    void everyMutantOfTheProjectListAppliesToRaftTla() throws Exception {
        String spec = Files.readString(SPEC_DIR.resolve("Raft.tla"));
        List<Mutant> ms = Mutant.load(SPEC_DIR.resolve("mutants.txt"));
        assertTrue(ms.size() >= 20, "mutants: " + ms.size());
        for (Mutant m : ms) {
            assertTrue(!m.apply(spec, "Raft.tla").equals(spec), m.name());
        }
    }
}
