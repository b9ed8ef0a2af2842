package raft.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** The whole-file replacement every state file goes through (meta, snapshot). */
class DurableFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacedFileReadsBackAndLeavesNoTemp() {
        Path f = dir.resolve("meta");
        DurableFiles.replace(f, new byte[]{1, 2, 3}, true);
        DurableFiles.replace(f, new byte[]{4, 5}, true);
        assertArrayEquals(new byte[]{4, 5}, DurableFiles.read(f));
        assertFalse(Files.exists(dir.resolve("meta" + DurableFiles.TEMP_SUFFIX)), "temp file renamed away");
        assertNull(DurableFiles.read(dir.resolve("absent")));
    }

    @Test
    void everyTornLengthIsRefusedNamingTheFile() throws IOException {
        Path f = dir.resolve("torn");
        DurableFiles.replace(f, new byte[]{1, 2, 3, 4, 5, 6, 7}, false);
        byte[] full = Files.readAllBytes(f);
        for (int len = 0; len < full.length; len++) {
            Files.write(f, Arrays.copyOf(full, len));
            StorageCorruptionException e = assertThrows(StorageCorruptionException.class, () -> DurableFiles.read(f),
                    "length " + len);
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
    }

    @Test
    void everyFlippedBitIsRefused() throws IOException {
        Path f = dir.resolve("rot");
        DurableFiles.replace(f, new byte[]{1, 2, 3, 4, 5}, false);
        byte[] full = Files.readAllBytes(f);
        for (int i = 0; i < full.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = full.clone();
                bad[i] ^= (byte) (1 << bit);
                Files.write(f, bad);
                assertThrows(StorageCorruptionException.class, () -> DurableFiles.read(f), "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void foreignFileIsRefused() throws IOException {
        Path f = dir.resolve("notes.txt");
        Files.writeString(f, "hello, this is not raft state");
        assertThrows(StorageCorruptionException.class, () -> DurableFiles.read(f));
    }
}
