package raft.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which package of our main code refers to which, read from the sources: imports (static too)
 * and fully qualified names in the code. Small enough to need no library.
 */
final class PackageGraph {
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A reference to one of our types: raft.x.y.Type or lincheck.x.Type. */
    private static final Pattern REFERENCE = Pattern.compile("\\b((?:raft|lincheck)(?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);

    /** package -> packages it refers to (itself excluded). */
    final Map<String, Set<String>> edges = new TreeMap<>();
    /** package -> every imported name, for the "imports only java.*" rules. */
    final Map<String, Set<String>> imports = new TreeMap<>();
    /** package -> the source root it was found under. */
    final Map<String, Path> rootOf = new HashMap<>();

    static PackageGraph of(List<Path> sourceRoots) {
        PackageGraph g = new PackageGraph();
        for (Path root : sourceRoots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(p -> g.add(root, p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return g;
    }

    /** For tests of the checker itself. */
    static PackageGraph of(Map<String, Set<String>> edges) {
        PackageGraph g = new PackageGraph();
        edges.forEach((k, v) -> g.edges.put(k, new TreeSet<>(v)));
        return g;
    }

    private void add(Path root, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher pm = PACKAGE.matcher(text);
        if (!pm.find()) {
            throw new IllegalStateException(file + ": no package declaration");
        }
        String pkg = pm.group(1);
        rootOf.put(pkg, root);
        Set<String> out = edges.computeIfAbsent(pkg, k -> new TreeSet<>());
        Set<String> imp = imports.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher im = IMPORT.matcher(text);
        while (im.find()) {
            imp.add(im.group(1));
        }
        String code = stripComments(text);
        Matcher rm = REFERENCE.matcher(code);
        while (rm.find()) {
            String target = rm.group(1);
            if (!target.equals(pkg)) {
                out.add(target);
            }
        }
    }

    private static String stripComments(String s) {
        // Runs of plain characters are taken whole (possessive): a per-character loop overflows the
        // regex engine's stack on a long text block (a usage text), which this pattern scans as a string.
        return s.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ")
                .replaceAll("\"(?:[^\"\\\\]++|\\\\.)*+\"", "\"\"");
    }

    /** Every cycle among packages, as strongly connected components of two or more (Tarjan). */
    List<List<String>> cycles() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : edges.keySet()) {
            if (!index.containsKey(v)) {
                strongConnect(v, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private void strongConnect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                               Set<String> onStack, List<List<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Set.of())) {
            if (!edges.containsKey(w)) {
                continue; // outside our main code
            }
            if (!index.containsKey(w)) {
                strongConnect(w, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> scc = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                scc.add(w);
            } while (!w.equals(v));
            if (scc.size() > 1) {
                out.add(scc);
            }
        }
    }
}
