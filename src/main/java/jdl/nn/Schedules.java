package jdl.nn;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * Learning-rate schedules as ND4J {@link ISchedule}s, to pass to an updater: {@code new Adam(Schedules.step(1e-3, 0.5, 1000))}.
 * They count optimiser steps (iterations).
 */
public final class Schedules {

    private Schedules() {
    }

    /** η(t) = η₀. */
    public static ISchedule constant(double lr) {
        requirePositive("lr", lr);
        return new StepSchedule(ScheduleType.ITERATION, lr, 1.0, Integer.MAX_VALUE);
    }

    /** η(t) = η₀ · factor^⌊t / every⌋. */
    public static ISchedule step(double lr, double factor, int every) {
        requirePositive("lr", lr);
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("factor: expected a value in (0, 1], got " + factor);
        }
        if (every < 1) {
            throw new IllegalArgumentException("every: expected at least 1 step, got " + every);
        }
        return new StepSchedule(ScheduleType.ITERATION, lr, factor, every);
    }

    /**
     * Linear warm-up over {@code warmup} steps (peak/warmup at step 0, peak at step warmup − 1), then cosine decay to
     * {@code peak · finalFraction} at step {@code total}, constant after that.
     */
    public static ISchedule warmupCosine(double peak, int warmup, int total, double finalFraction) {
        return new WarmupCosine(peak, warmup, total, finalFraction);
    }

    /**
     * The Transformer's schedule (Vaswani et al. 2017, eq. 3): η(t) = d^{−0.5} · min(t^{−0.5}, t · w^{−1.5}),
     * with t counted from 1, times {@code scale}.
     */
    public static ISchedule transformer(int dModel, int warmup, double scale) {
        return new TransformerSchedule(dModel, warmup, scale);
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + ": expected a positive learning rate, got " + value);
        }
    }

    /** Warm-up then cosine decay. */
    public record WarmupCosine(double peak, int warmup, int total, double finalFraction) implements ISchedule {
        public WarmupCosine {
            requirePositive("peak", peak);
            if (warmup < 0 || total <= warmup) {
                throw new IllegalArgumentException("warmup and total: expected 0 <= warmup < total, got "
                        + warmup + " and " + total);
            }
            if (!(finalFraction >= 0 && finalFraction <= 1)) {
                throw new IllegalArgumentException("finalFraction: expected a value in [0, 1], got " + finalFraction);
            }
        }

        @Override
        public double valueAt(int iteration, int epoch) {
            if (iteration < warmup) {
                return peak * (iteration + 1) / warmup;
            }
            double progress = Math.min(1.0, (double) (iteration - warmup) / (total - warmup));
            double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
            return peak * (finalFraction + (1 - finalFraction) * cosine);
        }

        @Override
        public ISchedule clone() {
            return this;
        }
    }

    /** Vaswani et al.'s inverse-square-root schedule with linear warm-up. */
    public record TransformerSchedule(int dModel, int warmup, double scale) implements ISchedule {
        public TransformerSchedule {
            if (dModel < 1 || warmup < 1) {
                throw new IllegalArgumentException("dModel and warmup: expected at least 1, got " + dModel + " and " + warmup);
            }
            requirePositive("scale", scale);
        }

        @Override
        public double valueAt(int iteration, int epoch) {
            double t = iteration + 1;
            return scale * Math.pow(dModel, -0.5) * Math.min(Math.pow(t, -0.5), t * Math.pow(warmup, -1.5));
        }

        @Override
        public ISchedule clone() {
            return this;
        }
    }
}
