package jdl.notebook;

import java.util.Locale;

/**
 * Outcome checks for notebooks. A notebook ends its experiments with, say,
 * {@code checkAtLeast("test accuracy", accuracy, 0.85)}: it prints a tick line when the outcome holds
 * and throws {@link OutcomeCheckFailed} when it does not, so a model that stops learning fails the
 * headless notebook tests.
 */
public final class Checks {

    private Checks() {
    }

    /** Thrown when a notebook's asserted learning outcome does not hold. */
    public static final class OutcomeCheckFailed extends RuntimeException {
        public OutcomeCheckFailed(String message) {
            super(message);
        }
    }

    /** Checks a condition; {@code what} says in words what should hold. */
    public static void check(boolean condition, String what) {
        if (!condition) {
            throw new OutcomeCheckFailed("Check failed: " + what);
        }
        System.out.println("✓ " + what);
    }

    /** Checks {@code actual >= min}. */
    public static double checkAtLeast(String name, double actual, double min) {
        requireNumber(name, actual);
        if (!(actual >= min)) {
            throw new OutcomeCheckFailed(String.format(Locale.ROOT,
                    "Check failed: %s is %s, expected at least %s", name, fmt(actual), fmt(min)));
        }
        System.out.println(String.format(Locale.ROOT, "✓ %s = %s (at least %s)", name, fmt(actual), fmt(min)));
        return actual;
    }

    /** Checks {@code actual <= max}. */
    public static double checkAtMost(String name, double actual, double max) {
        requireNumber(name, actual);
        if (!(actual <= max)) {
            throw new OutcomeCheckFailed(String.format(Locale.ROOT,
                    "Check failed: %s is %s, expected at most %s", name, fmt(actual), fmt(max)));
        }
        System.out.println(String.format(Locale.ROOT, "✓ %s = %s (at most %s)", name, fmt(actual), fmt(max)));
        return actual;
    }

    /** Checks {@code min <= actual <= max}. */
    public static double checkBetween(String name, double actual, double min, double max) {
        requireNumber(name, actual);
        if (min > max) {
            throw new IllegalArgumentException("checkBetween(" + name + "): min " + fmt(min)
                    + " is greater than max " + fmt(max));
        }
        if (!(actual >= min && actual <= max)) {
            throw new OutcomeCheckFailed(String.format(Locale.ROOT,
                    "Check failed: %s is %s, expected within [%s, %s]", name, fmt(actual), fmt(min), fmt(max)));
        }
        System.out.println(String.format(Locale.ROOT, "✓ %s = %s (within [%s, %s])", name, fmt(actual), fmt(min), fmt(max)));
        return actual;
    }

    /** Checks {@code |actual - expected| <= tolerance}. */
    public static double checkClose(String name, double actual, double expected, double tolerance) {
        requireNumber(name, actual);
        if (!(Math.abs(actual - expected) <= tolerance)) {
            throw new OutcomeCheckFailed(String.format(Locale.ROOT,
                    "Check failed: %s is %s, expected %s ± %s (off by %s)", name, fmt(actual), fmt(expected),
                    fmt(tolerance), fmt(Math.abs(actual - expected))));
        }
        System.out.println(String.format(Locale.ROOT, "✓ %s = %s (%s ± %s)", name, fmt(actual), fmt(expected), fmt(tolerance)));
        return actual;
    }

    /** Checks that two values are equal, e.g. a count or a shape. */
    public static <T> T checkEquals(String name, T actual, T expected) {
        if (!java.util.Objects.equals(actual, expected)) {
            throw new OutcomeCheckFailed("Check failed: " + name + " is " + actual + ", expected " + expected);
        }
        System.out.println("✓ " + name + " = " + actual);
        return actual;
    }

    private static void requireNumber(String name, double actual) {
        if (Double.isNaN(actual)) {
            throw new OutcomeCheckFailed("Check failed: " + name + " is NaN: the computation that produced it"
                    + " diverged or divided by zero");
        }
    }

    static String fmt(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        double ax = Math.abs(x);
        return (ax != 0 && (ax < 1e-3 || ax >= 1e6)) ? String.format(Locale.ROOT, "%.3e", x)
                : String.format(Locale.ROOT, "%.4f", x);
    }
}
