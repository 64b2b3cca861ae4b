package jdl.nn;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.function.IntToDoubleFunction;

import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A training run measured in CPU time: the validation score after {@code steps[k]} training steps and
 * {@code seconds[k]} seconds of training (CPU time of the training thread, evaluations not counted), the training
 * losses, and the wall-clock seconds of the training steps. {@link #train} runs one on a {@link Budget}.
 *
 * @param <M> the model's type
 */
public record TimedRun<M>(String name, M model, int[] steps, double[] seconds, double[] scores, double[] losses,
                          double wallSeconds) {

    /** The validation score after the last step. */
    public double finalScore() {
        return scores[scores.length - 1];
    }

    /** The number of training steps taken. */
    public int totalSteps() {
        return steps[steps.length - 1];
    }

    /** CPU seconds of all training steps. */
    public double totalSeconds() {
        return seconds[seconds.length - 1];
    }

    /** Milliseconds of CPU time per training step. */
    public double msPerStep() {
        return 1000 * totalSeconds() / totalSteps();
    }

    /**
     * Trains until {@code budget} is spent, evaluating {@code validation} before the first step and after each
     * {@code evaluations}-th of the budget, and measures the CPU time of the calling thread spent in the steps (the
     * forward and backward pass, clipping and the optimiser step; with {@code OMP_NUM_THREADS=1} ND4J computes in
     * the calling thread). CPU time, unlike wall-clock time, stays the same when other programs share the machine.
     * A step budget gives the same numbers in every run; a time budget gives each model the same compute, and
     * its step count varies a little from run to run with the machine's speed. {@code step} computes one loss
     * and adds its gradients; this loop zeroes, clips and steps, and stops with {@link TrainingDiverged} on a NaN
     * loss and with {@link TrainingInterrupted} when the thread is interrupted.
     */
    public static <M> TimedRun<M> train(String name, M model, Params params, IUpdater updater, double clipNorm,
                                        Budget budget, int evaluations, IntToDoubleFunction step,
                                        DoubleSupplier validation) {
        if (evaluations < 1 || (!budget.isTime() && evaluations > budget.steps())) {
            throw new IllegalArgumentException("evaluations: expected 1 ≤ evaluations ≤ the budget's steps, got "
                    + evaluations + " for " + budget);
        }
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!bean.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure the CPU time of a thread");
        }
        Optimizer optimizer = new Optimizer(params, updater);
        double[] losses = new double[budget.isTime() ? 1024 : budget.steps()];
        int[] at = new int[evaluations + 1];
        double[] seconds = new double[evaluations + 1];
        double[] scores = new double[evaluations + 1];
        scores[0] = validation.getAsDouble();
        int total = budget.isTime() ? 0 : budget.steps();
        long cpu = 0;
        long wall = 0;
        int s = 0;
        for (int e = 1; e <= evaluations; e++) {
            while (!budget.spent(e, evaluations, s, cpu)) {
                TrainingInterrupted.check(name, s, total);
                long cpuStart = bean.getCurrentThreadCpuTime();
                long wallStart = System.nanoTime();
                s++;
                params.zeroGrad();
                double loss = step.applyAsDouble(s);
                if (!Double.isFinite(loss)) {
                    throw new TrainingDiverged(String.format(Locale.ROOT, "%s: the loss is %s at step %d", name, loss, s));
                }
                params.clipGradNorm(clipNorm);
                optimizer.step();
                if (s > losses.length) {
                    losses = Arrays.copyOf(losses, 2 * losses.length);
                }
                losses[s - 1] = loss;
                cpu += bean.getCurrentThreadCpuTime() - cpuStart;
                wall += System.nanoTime() - wallStart;
            }
            at[e] = s;
            seconds[e] = cpu / 1e9;
            scores[e] = validation.getAsDouble();
        }
        return new TimedRun<>(name, model, at, seconds, scores, Arrays.copyOf(losses, s), wall / 1e9);
    }
}
