package jdl.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shipped data files and their SHA-256 sums ({@code data/SHA256SUMS}). Every loader asks for its
 * files through {@link #verified}, so a missing or changed file stops with a message that says which
 * file, what was expected, what was found, and how to restore it.
 */
public final class DataFiles {

    /** The checksum list inside the data folder, in {@code sha256sum} format. */
    public static final String SUMS = "SHA256SUMS";

    private DataFiles() {
    }

    /** Thrown when a data file is missing, unlisted or does not match its checksum. */
    public static final class DataFileException extends RuntimeException {
        public DataFileException(String message) {
            super(message);
        }
    }

    /** The course's data file {@code relative} (e.g. "austen/pride-and-prejudice.txt"), verified. */
    public static Path verified(String relative) {
        return verified(dataDir(), relative);
    }

    /**
     * The repository root: the system property {@code course.root} or the environment variable {@code COURSE_ROOT}
     * if set, else the nearest folder at or above the working directory that holds {@code data/SHA256SUMS} (a
     * notebook runs in {@code notebooks/}).
     */
    public static Path courseRoot() {
        String explicit = System.getProperty("course.root");
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getenv("COURSE_ROOT");
        }
        if (explicit != null && !explicit.isBlank()) {
            Path root = Paths.get(explicit).toAbsolutePath().normalize();
            if (!Files.isRegularFile(root.resolve("data").resolve(SUMS))) {
                throw new IllegalStateException("COURSE_ROOT (or course.root) is '" + explicit
                        + "', but " + root.resolve("data").resolve(SUMS) + " does not exist: point it at the"
                        + " folder that holds the course's README.md and data/");
            }
            return root;
        }
        Path start = Paths.get("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("data").resolve(SUMS))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the course folder: no data/SHA256SUMS at or above "
                + start + ". Start JupyterLab with ./course lab, or set COURSE_ROOT to the repository folder.");
    }

    /** The shipped data folder, {@code <root>/data}. */
    public static Path dataDir() {
        return courseRoot().resolve("data");
    }

    /** The file {@code relative} under {@code dataDir}, verified against {@code dataDir/SHA256SUMS}. */
    public static Path verified(Path dataDir, String relative) {
        String expected = expectedSums(dataDir).get(relative);
        if (expected == null) {
            throw new DataFileException("data/" + relative + " is not listed in " + dataDir.resolve(SUMS)
                    + ": add its SHA-256 line (sha256sum " + relative + " >> " + SUMS + ", run in data/)");
        }
        Path file = dataDir.resolve(relative);
        String restore = "Restore it from the repository with `git checkout -- data/" + relative
                + "` (data/README.md says how it was made).";
        if (!Files.isRegularFile(file)) {
            throw new DataFileException("Missing data file " + file + " (expected SHA-256 " + expected + "). "
                    + restore);
        }
        String actual = sha256(file);
        if (!actual.equals(expected)) {
            throw new DataFileException("Corrupt data file " + file + ": expected SHA-256 " + expected
                    + ", actual " + actual + ". " + restore);
        }
        return file;
    }

    /** The entries of {@code dataDir/SHA256SUMS}: relative path to lower-case hex SHA-256. */
    public static Map<String, String> expectedSums(Path dataDir) {
        Path sums = dataDir.resolve(SUMS);
        if (!Files.isRegularFile(sums)) {
            throw new DataFileException("Missing checksum list " + sums
                    + ". Restore it with `git checkout -- data/" + SUMS + "`.");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(sums);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + sums, e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+\\*?", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-fA-F]{64}")) {
                throw new DataFileException(sums + " line " + (i + 1) + ": expected '<64 hex digits>  <path>', got '"
                        + line + "'");
            }
            map.put(parts[1], parts[0].toLowerCase(java.util.Locale.ROOT));
        }
        return map;
    }

    /** The SHA-256 of a file as lower-case hex. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
