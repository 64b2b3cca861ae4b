package jdl.nn;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax followed by cross-entropy, from logits z [rows, classes] (any leading shape) and integer
 * targets: L = (1/M) Σ_i w_i · (−log softmax(z_i)[t_i]), where w_i is 0 for masked rows and rows whose
 * target is {@code ignoreIndex}, 1 otherwise, and M = Σ w_i (so padding does not dilute the loss).
 *
 * <p>Backward: ∂L/∂z_i = w_i (softmax(z_i) − onehot(t_i)) / M. Softmax is computed after subtracting each
 * row's maximum, so large logits do not overflow.
 */
public final class SoftmaxCrossEntropy {

    /** Targets equal to this are ignored (no loss, no gradient); -1 by default. */
    private final int ignoreIndex;
    private INDArray probs;       // cache: softmax(z), as a matrix
    private int[] targets;
    private double[] weights;
    private double counted;
    private long[] logitsShape;

    public SoftmaxCrossEntropy() {
        this(-1);
    }

    public SoftmaxCrossEntropy(int ignoreIndex) {
        this.ignoreIndex = ignoreIndex;
    }

    /** Mean loss over all rows. */
    public double forward(INDArray logits, int[] targets) {
        return forward(logits, targets, null);
    }

    /**
     * Mean loss over the rows whose {@code mask} entry is non-zero (mask: one value per row, any shape
     * with that many elements, or null).
     */
    public double forward(INDArray logits, int[] targetIds, INDArray mask) {
        Shapes.requireFeatures("logits", logits, -1, null);
        INDArray z = Shapes.asMatrix(logits);
        int rows = (int) z.rows();
        int classes = (int) z.columns();
        if (targetIds == null || targetIds.length != rows) {
            throw new IllegalArgumentException("targets: expected " + rows + " (one per row of logits "
                    + Arrays.toString(logits.shape()) + "), got " + (targetIds == null ? "null" : targetIds.length));
        }
        if (mask != null && mask.length() != rows) {
            throw new IllegalArgumentException("mask: expected " + rows + " values (one per row), got shape "
                    + Arrays.toString(mask.shape()));
        }
        double[] m = mask == null ? null : Shapes.doubles(mask);
        weights = new double[rows];
        counted = 0;
        for (int i = 0; i < rows; i++) {
            int t = targetIds[i];
            if (t == ignoreIndex) {
                continue;
            }
            if (t < 0 || t >= classes) {
                throw new IllegalArgumentException("targets[" + i + "]: expected a class in 0.." + (classes - 1)
                        + (ignoreIndex < 0 ? "" : " or the ignore index " + ignoreIndex) + ", got " + t);
            }
            weights[i] = m == null ? 1.0 : (m[i] != 0 ? 1.0 : 0.0);
            counted += weights[i];
        }
        logitsShape = logits.shape();
        targets = targetIds.clone();
        // numerically stable softmax: subtract each row's maximum
        INDArray shifted = z.subColumnVector(z.max(true, 1));
        INDArray exp = org.nd4j.linalg.ops.transforms.Transforms.exp(shifted, true);
        INDArray sumExp = exp.sum(true, 1);
        probs = exp.diviColumnVector(sumExp);
        if (counted == 0) {
            return 0.0;
        }
        double[] logSum = Shapes.doubles(org.nd4j.linalg.ops.transforms.Transforms.log(sumExp, true));
        double[] s = Shapes.doubles(shifted);
        double loss = 0;
        for (int i = 0; i < rows; i++) {
            if (weights[i] != 0) {
                loss -= weights[i] * (s[i * classes + targets[i]] - logSum[i]);   // −log softmax(z_i)[t_i]
            }
        }
        return loss / counted;
    }

    /** ∂L/∂logits, in the logits' shape. */
    public INDArray backward() {
        if (probs == null) {
            throw new IllegalStateException("SoftmaxCrossEntropy.backward called before forward");
        }
        int rows = targets.length;
        int classes = (int) probs.columns();
        double[] dz = Shapes.doubles(probs);
        for (int i = 0; i < rows; i++) {
            double scale = counted == 0 ? 0 : weights[i] / counted;
            for (int c = 0; c < classes; c++) {
                dz[i * classes + c] *= scale;                     // w_i softmax(z_i) / M
            }
            if (scale != 0) {
                dz[i * classes + targets[i]] -= scale;            // − w_i onehot(t_i) / M
            }
        }
        return Nd4j.create(dz, logitsShape, DataType.DOUBLE).castTo(probs.dataType());
    }

    /** softmax(z) from the last forward, as [rows, classes]. */
    public INDArray probabilities() {
        return probs;
    }

    /** Number of rows that counted in the last loss. */
    public double counted() {
        return counted;
    }
}
