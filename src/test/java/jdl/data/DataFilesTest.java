package jdl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jdl.data.DataFiles.DataFileException;

class DataFilesTest {

    // SHA-256 of the 6 bytes "hello\n"
    private static final String HELLO = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

    private static Path dataDir(Path dir, String content) throws Exception {
        Files.createDirectories(dir.resolve("texts"));
        Files.writeString(dir.resolve("SHA256SUMS"), "# comment\n" + HELLO + "  texts/hello.txt\n");
        if (content != null) {
            Files.writeString(dir.resolve("texts/hello.txt"), content);
        }
        return dir;
    }

    @Test
    void anIntactFileIsReturned(@TempDir Path dir) throws Exception {
        Path file = DataFiles.verified(dataDir(dir, "hello\n"), "texts/hello.txt");
        assertEquals(dir.resolve("texts/hello.txt"), file);
    }

    @Test
    void aMissingFileNamesItTheChecksumAndTheRestore(@TempDir Path dir) throws Exception {
        DataFileException e = assertThrows(DataFileException.class,
                () -> DataFiles.verified(dataDir(dir, null), "texts/hello.txt"));
        assertTrue(e.getMessage().startsWith("Missing data file " + dir.resolve("texts/hello.txt")), e.getMessage());
        assertTrue(e.getMessage().contains("expected SHA-256 " + HELLO), e.getMessage());
        assertTrue(e.getMessage().contains("git checkout -- data/texts/hello.txt"), e.getMessage());
    }

    @Test
    void aChangedFileShowsExpectedAndActualChecksums(@TempDir Path dir) throws Exception {
        DataFileException e = assertThrows(DataFileException.class,
                () -> DataFiles.verified(dataDir(dir, "hellO\n"), "texts/hello.txt"));
        String actual = DataFiles.sha256(dir.resolve("texts/hello.txt"));
        assertEquals("Corrupt data file " + dir.resolve("texts/hello.txt") + ": expected SHA-256 " + HELLO
                + ", actual " + actual + ". Restore it from the repository with `git checkout -- data/texts/hello.txt`"
                + " (data/README.md says how it was made).", e.getMessage());
    }

    @Test
    void anUnlistedFileIsRefused(@TempDir Path dir) throws Exception {
        DataFileException e = assertThrows(DataFileException.class,
                () -> DataFiles.verified(dataDir(dir, "hello\n"), "texts/other.txt"));
        assertTrue(e.getMessage().startsWith("data/texts/other.txt is not listed in"), e.getMessage());
    }

    @Test
    void aMalformedChecksumLineIsReportedWithItsNumber(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("SHA256SUMS"), HELLO + "  a.txt\nnot-a-sum  b.txt\n");
        DataFileException e = assertThrows(DataFileException.class, () -> DataFiles.expectedSums(dir));
        assertTrue(e.getMessage().contains("line 2: expected '<64 hex digits>  <path>', got 'not-a-sum  b.txt'"),
                e.getMessage());
    }

    @Test
    void everyShippedFileMatchesItsChecksum() {
        Path data = DataFiles.dataDir();
        var sums = DataFiles.expectedSums(data);
        assertEquals(18, sums.size(), sums.toString());   // Fashion-MNIST 4, Austen 1, GAN grid checkpoints 8, glimpse checkpoints 5
        sums.keySet().forEach(relative -> DataFiles.verified(data, relative));
    }
}
