package raft.spec.mutants;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One one-place change to a spec: replace the single occurrence of {@code original} with
 * {@code replacement}.
 *
 * <p>The list file holds one mutant per block:
 * <pre>
 * &#64; name  what the change does
 * - text that must occur exactly once in the spec
 * - (more "- " lines: the text spans lines)
 * + its replacement, on one or more "+ " lines (a bare "+" line is an empty one)
 * </pre>
 * Lines starting with # and blank lines between blocks are ignored.
 *
 * @param line the list file's line that names the mutant, for messages
 */
public record Mutant(String name, String description, String original, String replacement, int line) {

    /** The spec with this change made; fails, naming the mutant, unless the text occurs exactly once. */
    public String apply(String spec, String specName) {
        int at = spec.indexOf(original);
        if (at < 0 || spec.indexOf(original, at + 1) >= 0) {
            throw new IllegalArgumentException(String.format("mutant %s (line %d): %s in %s: %s",
                    name, line, at < 0 ? "text not found" : "text occurs more than once", specName, original));
        }
        return spec.substring(0, at) + replacement + spec.substring(at + original.length());
    }

    public static List<Mutant> load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Mutant> mutants = new ArrayList<>();
        int n = 0;
        while (n < lines.size()) {
            String l = lines.get(n);
            if (l.isBlank() || l.startsWith("#")) {
                n++;
                continue;
            }
            int head = n++;
            List<String> minus = new ArrayList<>();
            List<String> plus = new ArrayList<>();
            while (n < lines.size() && lines.get(n).startsWith("-")) {
                minus.add(body(lines.get(n++)));
            }
            while (n < lines.size() && lines.get(n).startsWith("+")) {
                plus.add(body(lines.get(n++)));
            }
            if (!l.startsWith("@ ") || minus.isEmpty() || plus.isEmpty()) {
                throw new IllegalArgumentException(String.format(
                        "%s:%d: expected a block '@ name description', '- original' lines, '+ replacement' lines, got: %s",
                        file, head + 1, l));
            }
            String[] name = l.substring(2).strip().split("\\s+", 2);
            mutants.add(new Mutant(name[0], name.length > 1 ? name[1] : "", String.join("\n", minus),
                    String.join("\n", plus), head + 1));
        }
        return mutants;
    }

    /** A "- " or "+ " line without its marker. */
    private static String body(String line) {
        return line.length() > 2 ? line.substring(2) : "";
    }
}
