package jdl.nn;

import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The training loop: for each step, zero the gradients, run the caller's forward and backward pass
 * (which returns the loss), stop if anything became NaN or infinite, clip the gradient norm if asked,
 * take an optimiser step, tell the {@link TrainingListener} (a live display in a notebook), and every {@code evalEvery} steps record
 * the caller's metrics. Before each step it checks whether its thread was interrupted (JupyterLab's interrupt
 * button) and, if so, stops with {@link TrainingInterrupted}, leaving the weights of the last completed step.
 *
 * <pre>{@code
 * History h = new Trainer(optimizer).clipGradNorm(5).evaluateEvery(100, step -> Map.of("val acc", acc()))
 *         .fit("MLP", 2000, step -> { ...forward, backward...; return loss; });
 * }</pre>
 */
public final class Trainer {

    /** One step's forward and backward pass; returns the loss. */
    @FunctionalInterface
    public interface Step {
        double run(int step);
    }

    private final Optimizer optimizer;
    private double maxGradNorm = Double.NaN;
    private int evalEvery;
    private IntFunction<Map<String, Double>> evaluation;
    private boolean showProgress = true;

    public Trainer(Optimizer optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer: expected an Optimizer, got null");
        }
        this.optimizer = optimizer;
    }

    /** Clip the global gradient norm to {@code maxNorm} before every step. */
    public Trainer clipGradNorm(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm: expected a positive number, got " + maxNorm);
        }
        this.maxGradNorm = maxNorm;
        return this;
    }

    /** Every {@code every} steps (and after the last), record the metrics {@code evaluation} returns. */
    public Trainer evaluateEvery(int every, IntFunction<Map<String, Double>> evaluation) {
        if (every < 1) {
            throw new IllegalArgumentException("every: expected at least 1 step, got " + every);
        }
        this.evalEvery = every;
        this.evaluation = evaluation;
        return this;
    }

    /** Print plain lines ({@link PrintedProgress}) instead of the installed listener (a live display in a notebook). */
    public Trainer quiet() {
        this.showProgress = false;
        return this;
    }

    /** Runs {@code steps} steps and returns what they recorded. */
    public History fit(String title, int steps, Step step) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps: expected at least 1, got " + steps);
        }
        Params params = optimizer.params();
        History history = new History();
        TrainingListener progress = showProgress ? TrainingListener.start(title, steps) : new PrintedProgress(title, steps);
        long start = System.nanoTime();
        for (int s = 1; s <= steps; s++) {
            if (Thread.interrupted()) {
                progress.interrupted();
                throw new TrainingInterrupted(title, s - 1, steps);
            }
            params.zeroGrad();
            double loss = step.run(s);
            if (!Double.isFinite(loss)) {
                throw new TrainingDiverged(String.format(Locale.ROOT, "%s: the loss is %s at step %d (previous %s);"
                        + " lower the learning rate or clip the gradients", title, loss, s,
                        history.losses().length == 0 ? "none" : history.recentLoss(1)));
            }
            String badGrad = params.firstNonFiniteGrad();
            if (badGrad != null) {
                throw new TrainingDiverged(String.format(Locale.ROOT,
                        "%s: the gradient of %s is NaN or infinite at step %d (loss %.6g)", title, badGrad, s, loss));
            }
            if (!Double.isNaN(maxGradNorm)) {
                params.clipGradNorm(maxGradNorm);
            }
            optimizer.step();
            String badValue = params.firstNonFiniteValue();
            if (badValue != null) {
                throw new TrainingDiverged(String.format(Locale.ROOT,
                        "%s: parameter %s became NaN or infinite after step %d (loss %.6g)", title, badValue, s, loss));
            }
            history.addLoss(loss);
            if (evaluation != null && (s % evalEvery == 0 || s == steps)) {
                final int at = s;
                evaluation.apply(s).forEach((name, value) -> history.record(name, at, value));
            }
            progress.step(s, loss);
        }
        progress.finish();
        history.setSeconds((System.nanoTime() - start) / 1e9);
        return history;
    }
}
