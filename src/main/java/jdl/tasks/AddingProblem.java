package jdl.tasks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.Rng;

/**
 * The adding problem (Hochreiter &amp; Schmidhuber 1997; Le et al. 2015): every step carries a value in
 * [0, 1] and a marker; exactly two steps are marked, one in each half of the sequence; the target is the
 * sum of the two marked values. Predicting the mean, 1, gives MSE 1/6 ≈ 0.167; solving it needs memory
 * across up to T steps.
 */
public final class AddingProblem {

    /** The MSE of always answering 1 (Var of a sum of two U(0,1) values). */
    public static final double BASELINE_MSE = 1.0 / 6.0;

    /** A batch: inputs [T, n, 2] (value, marker) and targets [n, 1]. */
    public record Batch(INDArray x, INDArray y) {
    }

    private AddingProblem() {
    }

    public static Batch batch(int steps, int n, Rng rng, DataType dtype) {
        if (steps < 2) {
            throw new IllegalArgumentException("steps: expected at least 2, got " + steps);
        }
        if (n < 1) {
            throw new IllegalArgumentException("n: expected at least 1 sequence, got " + n);
        }
        double[] x = new double[steps * n * 2];
        double[] y = new double[n];
        int half = steps / 2;
        for (int i = 0; i < n; i++) {
            int first = rng.nextInt(half);
            int second = half + rng.nextInt(steps - half);
            for (int t = 0; t < steps; t++) {
                double v = rng.uniform();
                int base = (t * n + i) * 2;
                x[base] = v;
                if (t == first || t == second) {
                    x[base + 1] = 1;
                    y[i] += v;
                }
            }
        }
        return new Batch(Nd4j.create(x, new long[] {steps, n, 2}, DataType.DOUBLE).castTo(dtype),
                Nd4j.create(y, new long[] {n, 1}, DataType.DOUBLE).castTo(dtype));
    }
}
