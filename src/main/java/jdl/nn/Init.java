package jdl.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Weight initialisers for a {@code fanIn × fanOut} matrix.
 * <ul>
 * <li>Xavier/Glorot (Glorot &amp; Bengio 2010): Var(W) = 2 / (fanIn + fanOut), for tanh and sigmoid layers;</li>
 * <li>He (He et al. 2015): Var(W) = 2 / fanIn, for ReLU layers;</li>
 * <li>orthogonal (Saxe et al. 2014): W with orthonormal columns (or rows), for recurrent weights, so
 * that repeated multiplication neither shrinks nor grows a vector.</li>
 * </ul>
 */
public enum Init {
    XAVIER_UNIFORM, XAVIER_NORMAL, HE_NORMAL, HE_UNIFORM, ORTHOGONAL, ZEROS;

    /** A new {@code fanIn × fanOut} weight matrix drawn from {@code rng}. */
    public INDArray sample(int fanIn, int fanOut, Rng rng, DataType dtype) {
        if (fanIn < 1 || fanOut < 1) {
            throw new IllegalArgumentException("fanIn and fanOut: expected at least 1, got " + fanIn + " and " + fanOut);
        }
        return switch (this) {
            case XAVIER_UNIFORM -> {
                double limit = Math.sqrt(6.0 / (fanIn + fanOut));
                yield rng.uniform(dtype, -limit, limit, fanIn, fanOut);
            }
            case XAVIER_NORMAL -> rng.normal(dtype, Math.sqrt(2.0 / (fanIn + fanOut)), fanIn, fanOut);
            case HE_NORMAL -> rng.normal(dtype, Math.sqrt(2.0 / fanIn), fanIn, fanOut);
            case HE_UNIFORM -> {
                double limit = Math.sqrt(6.0 / fanIn);
                yield rng.uniform(dtype, -limit, limit, fanIn, fanOut);
            }
            case ORTHOGONAL -> orthogonal(fanIn, fanOut, rng).castTo(dtype);
            case ZEROS -> Nd4j.zeros(dtype, fanIn, fanOut);
        };
    }

    /** Gram–Schmidt on a Gaussian matrix: orthonormal columns if rows ≥ columns, else orthonormal rows. */
    private static INDArray orthogonal(int rows, int cols, Rng rng) {
        boolean transpose = rows < cols;
        int n = transpose ? cols : rows;   // long side
        int k = transpose ? rows : cols;   // vectors to orthonormalise
        double[][] q = new double[k][n];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                q[j][i] = rng.gaussian();
            }
            for (int p = 0; p < j; p++) {           // twice for numerical stability
                for (int pass = 0; pass < 2; pass++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += q[j][i] * q[p][i];
                    }
                    for (int i = 0; i < n; i++) {
                        q[j][i] -= dot * q[p][i];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[j][i] /= norm;
            }
        }
        double[] flat = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                flat[r * cols + c] = transpose ? q[r][c] : q[c][r];
            }
        }
        return Nd4j.create(flat, new long[] {rows, cols}, DataType.DOUBLE);
    }
}
