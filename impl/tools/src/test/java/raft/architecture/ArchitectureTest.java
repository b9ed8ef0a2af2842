package raft.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The shape impl/README.md promises: no package cycle in main code, a core that needs nothing
 * but the JDK, and dependencies that point from the tools towards the core, never back.
 */
class ArchitectureTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).resolve("../..").normalize();

    /** Each impl module and the modules whose packages it may refer to (its Maven dependencies). */
    private static final Map<String, Set<String>> MAY_USE = Map.of(
            "core", Set.of(),
            "storage", Set.of("core"),
            "transport", Set.of("core"),
            "kv", Set.of("core", "transport"),
            "testkit", Set.of("core"),
            "command", Set.of(),
            "linearizability", Set.of(),
            "tools", Set.of("core", "storage", "transport", "kv", "testkit", "command", "linearizability"),
            "bench", Set.of("core", "storage", "transport", "kv", "tools"));

    private static List<Path> mainRoots() {
        List<Path> roots = new ArrayList<>();
        for (String m : MAY_USE.keySet()) {
            roots.add(sourceRoot(m));
        }
        return roots;
    }

    /** linearizability/ stands at the top level; the library's modules under impl/. */
    private static Path sourceRoot(String module) {
        Path top = ROOT.resolve(module);
        return (Files.isDirectory(top.resolve("src/main/java")) ? top : ROOT.resolve("impl").resolve(module))
                .resolve("src/main/java");
    }

    private static String moduleOf(PackageGraph g, String pkg) {
        Path root = g.rootOf.get(pkg);
        return root == null ? null : root.getParent().getParent().getParent().getFileName().toString();
    }

    @Test
    void noPackageCycleInMainCode() {
        PackageGraph g = PackageGraph.of(mainRoots());
        assertTrue(g.edges.size() > 10, "found the sources under " + ROOT + ": " + g.edges.keySet());
        assertEquals(List.of(), g.cycles(), "package cycles");
    }

    @Test
    void raftCoreImportsOnlyTheJdkAndItself() {
        PackageGraph g = PackageGraph.of(List.of(ROOT.resolve("impl/core/src/main/java/raft/core")));
        for (String imp : g.imports.get("raft.core")) {
            assertTrue(imp.startsWith("java.") || imp.startsWith("raft.core."), "raft.core imports " + imp);
        }
        assertEquals(Set.of(), g.edges.get("raft.core"), "raft.core refers to other packages");
    }

    @Test
    void coreModuleNeedsNothingButTheJdk() {
        PackageGraph g = PackageGraph.of(List.of(ROOT.resolve("impl/core/src/main/java")));
        g.imports.forEach((pkg, imps) -> {
            for (String imp : imps) {
                assertTrue(imp.startsWith("java.") || g.edges.containsKey(imp.substring(0, imp.lastIndexOf('.')))
                                || g.edges.containsKey(outerPackage(imp)),
                        pkg + " (raft-core) imports " + imp);
            }
        });
    }

    /** raft.core.Message.AppendEntries -> raft.core */
    private static String outerPackage(String name) {
        String[] parts = name.split("\\.");
        StringBuilder sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length && Character.isLowerCase(parts[i].charAt(0)); i++) {
            sb.append('.').append(parts[i]);
        }
        return sb.toString();
    }

    @Test
    void modulesReferOnlyToTheirDependencies() {
        PackageGraph g = PackageGraph.of(mainRoots());
        g.edges.forEach((pkg, targets) -> {
            String from = moduleOf(g, pkg);
            for (String t : targets) {
                String to = moduleOf(g, t);
                if (to == null || to.equals(from)) {
                    continue;
                }
                assertTrue(MAY_USE.get(from).contains(to), pkg + " (" + from + ") refers to " + t + " (" + to + ")");
            }
        });
    }

    @Test
    void noPackageIsSplitAcrossModules() {
        for (String m : MAY_USE.keySet()) {
            for (String n : MAY_USE.keySet()) {
                if (m.compareTo(n) < 0) {
                    Set<String> a = packagesUnder(sourceRoot(m));
                    a.retainAll(packagesUnder(sourceRoot(n)));
                    assertEquals(Set.of(), a, "packages in both " + m + " and " + n);
                }
            }
        }
    }

    /** MicroRaft is only a yardstick: the benchmark module may use it, nothing else (and nothing ships it). */
    @Test
    void onlyTheBenchmarkDependsOnMicroRaft() throws IOException {
        List<Path> poms;
        try (Stream<Path> s = Files.walk(ROOT, 3)) {
            poms = s.filter(p -> p.getFileName().toString().equals("pom.xml")).toList();
        }
        assertTrue(poms.size() > 5, "found the poms under " + ROOT);
        for (Path pom : poms) {
            if (Files.readString(pom).contains("io.microraft")) {
                assertEquals(ROOT.resolve("impl/bench/pom.xml"), pom, "depends on MicroRaft");
            }
        }
    }

    private static Set<String> packagesUnder(Path root) {
        return new java.util.TreeSet<>(PackageGraph.of(List.of(root)).edges.keySet());
    }

    // ------------------------------------------------------------ the checker catches what it should

    @Test
    void cycleFinderReportsACycle() {
        PackageGraph g = PackageGraph.of(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
        List<List<String>> cycles = g.cycles();
        assertEquals(1, cycles.size());
        assertEquals(Set.of("a", "b", "c"), Set.copyOf(cycles.get(0)));
    }

    @Test
    void cycleFinderSeesAnImportAddedToRealCode(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        // A copy of the core's sources with one import from raft.core back to raft.node: a cycle.
        Path src = ROOT.resolve("impl/core/src/main/java");
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(Files::isRegularFile).forEach(p -> copy(p, tmp.resolve(src.relativize(p).toString())));
        }
        assertEquals(List.of(), PackageGraph.of(List.of(tmp)).cycles(), "the copy starts acyclic");
        Path entry = tmp.resolve("raft/core/Entry.java");
        Files.writeString(entry, Files.readString(entry).replaceFirst("package raft.core;",
                "package raft.core;\nimport raft.node.RaftNode;"));
        List<List<String>> cycles = PackageGraph.of(List.of(tmp)).cycles();
        assertEquals(1, cycles.size(), "cycle raft.core <-> raft.node found: " + cycles);
        assertTrue(cycles.get(0).containsAll(List.of("raft.core", "raft.node")));
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
