package lincheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Knossos histories in ../shared and their manifest. */
final class Corpus {
    private Corpus() {}

    record Entry(String path, String model, String init, boolean valid, long failingIndex) {}

    static Path dir() {
        String shared = System.getProperty("shared.dir", "../../shared");
        return Path.of(shared).resolve("histories/knossos");
    }

    static Path file(String relative) {
        return dir().resolve(relative);
    }

    static List<Entry> entries() {
        Pattern op = Pattern.compile(":op[^;]*?index (\\d+)");
        List<Entry> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir().resolve("MANIFEST.tsv"))) {
                String[] c = line.split("\t");
                if (c[0].equals("path") || !Files.exists(dir().resolve(c[0]))) continue;
                String[] m = c[1].split(":", 2);
                Matcher x = op.matcher(c[4]);
                out.add(new Entry(c[0], m[0], m.length > 1 ? m[1] : "nil", c[2].equals("true"),
                        x.find() ? Long.parseLong(x.group(1)) : -1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
