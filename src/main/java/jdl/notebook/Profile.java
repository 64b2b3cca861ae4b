package jdl.notebook;

import java.util.Locale;

/**
 * How much training a notebook does. {@code FAST} is what the headless tests and CI run (about a
 * minute a notebook on two cores, still reaching every asserted outcome); {@code FULL} is the default
 * for learners and gives better models.
 */
public enum Profile {
    FAST, FULL;

    /** Parses "fast" or "full" (any case); {@code source} names where the value came from, for the error. */
    public static Profile parse(String value, String source) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(source + " must be 'fast' or 'full', but it is empty");
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "fast" -> FAST;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException(
                    source + " must be 'fast' or 'full', but it is '" + value + "'");
        };
    }

    /** Picks the value for this profile: {@code profile.pick(200, 5_000)} trains 200 steps when fast. */
    public int pick(int fast, int full) {
        return this == FAST ? fast : full;
    }

    public double pick(double fast, double full) {
        return this == FAST ? fast : full;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
