package jdl.nn;

import java.util.Locale;

/**
 * How long a training run lasts: a number of steps, or seconds of the training thread's CPU time. Two models given
 * the same CPU budget get the same compute, whatever each step costs; two runs given the same step budget give the
 * same numbers, whatever the machine's speed. {@link TimedRun} spends either kind.
 *
 * @param steps      the number of steps, or 0 for a time budget
 * @param cpuSeconds the CPU seconds, or 0 for a step budget
 */
public record Budget(int steps, double cpuSeconds) {

    /** The most steps a time budget may take: a guard against a step that costs no measurable time. */
    public static final int MAX_STEPS = 10_000_000;

    public Budget {
        boolean bySteps = steps > 0 && cpuSeconds == 0;
        boolean byTime = steps == 0 && cpuSeconds > 0 && Double.isFinite(cpuSeconds);
        if (!bySteps && !byTime) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "steps, cpuSeconds: expected steps > 0 or a finite number of seconds > 0 (the other 0), got %d and %s",
                    steps, cpuSeconds));
        }
    }

    /** A budget of {@code steps} training steps. */
    public static Budget steps(int steps) {
        return new Budget(steps, 0);
    }

    /** A budget of {@code seconds} of the training thread's CPU time. */
    public static Budget cpuSeconds(double seconds) {
        return new Budget(0, seconds);
    }

    /** True for a budget of CPU seconds. */
    public boolean isTime() {
        return cpuSeconds > 0;
    }

    /**
     * Whether the {@code e}-th of {@code parts} equal parts of this budget is spent after {@code step} steps and
     * {@code cpuNanos} nanoseconds of CPU time.
     */
    public boolean spent(int e, int parts, int step, long cpuNanos) {
        if (isTime()) {
            return step >= MAX_STEPS || cpuNanos >= cpuSeconds * 1e9 * e / parts;
        }
        return step >= (long) steps * e / parts;
    }

    @Override
    public String toString() {
        return isTime() ? String.format(Locale.ROOT, "cpuSeconds=%s", cpuSeconds) : "steps=" + steps;
    }
}
