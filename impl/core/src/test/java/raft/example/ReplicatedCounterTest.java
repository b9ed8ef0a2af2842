package raft.example;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedding example of impl/README.md runs, and README shows exactly this file. */
class ReplicatedCounterTest {
    @Test
    void everyNodeAppliesEveryIncrement() throws InterruptedException {
        AtomicLongArray counters = ReplicatedCounter.run(10);
        for (int i = 0; i < counters.length(); i++) {
            assertEquals(10, counters.get(i), "node " + i + ": " + counters);
        }
    }

    @Test
    void readmeShowsThisExampleVerbatim() throws IOException {
        Path base = Path.of(System.getProperty("basedir", "."));
        String source = Files.readString(base.resolve("src/test/java/raft/example/ReplicatedCounter.java"));
        String readme = Files.readString(base.resolve("../README.md"));
        assertTrue(readme.contains("```java\n" + source + "```"),
                "impl/README.md's java block differs from src/test/java/raft/example/ReplicatedCounter.java");
        assertTrue(source.lines().count() < 60, "the example stays under 60 lines");
    }
}
