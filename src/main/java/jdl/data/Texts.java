package jdl.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped public-domain texts, checksum-verified. */
public final class Texts {

    public static final String PRIDE_AND_PREJUDICE = "austen/pride-and-prejudice.txt";

    private Texts() {
    }

    /** Jane Austen, <i>Pride and Prejudice</i> (1813): the whole novel as one string. */
    public static String prideAndPrejudice() {
        Path file = DataFiles.verified(PRIDE_AND_PREJUDICE);
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
