package jdl.rnn;

import jdl.nn.kernels.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Moves a [rows, cols] matrix between ND4J and a plain Java array (row-major), so that a cell can do its
 * gate arithmetic in one readable loop instead of a dozen small ND4J operations per step (each costs
 * tens of microseconds of call overhead on arrays this small). Matrix products stay in ND4J's gemm.
 */
final class Rows {

    private Rows() {
    }

    /** The values of a matrix, row-major (a copy, one bulk copy out of native memory). */
    static double[] values(INDArray m) {
        return HostArrays.doubles(m);
    }

    /** A [rows, cols] matrix of type {@code type} holding {@code v} (row-major; one bulk copy into native memory). */
    static INDArray matrix(double[] v, long rows, long cols, DataType type) {
        return HostArrays.array(v, new long[] {rows, cols}, type);
    }

    /**
     * Block {@code k} of a row-major matrix whose rows are {@code blocks} blocks of {@code width} values side by
     * side (the gates [i | f | o | g] of an LSTM step), as a [rows, width] matrix of type {@code type}.
     */
    static INDArray block(double[] v, int blocks, int width, int k, DataType type) {
        int rows = v.length / (blocks * width);
        double[] out = new double[rows * width];
        for (int row = 0; row < rows; row++) {
            System.arraycopy(v, (row * blocks + k) * width, out, row * width, width);
        }
        return matrix(out, rows, width, type);
    }

    /** σ(a) = 1 / (1 + e^{−a}). */
    static double sigmoid(double a) {
        return 1.0 / (1.0 + Math.exp(-a));
    }

    /**
     * tanh(a) through the fast exp: (1 − e^{−2|a|}) / (1 + e^{−2|a|}) with a's sign, about 3× faster than
     * Math.tanh here; below |a| = 0.02, where that difference loses digits, its Taylor series (relative
     * error below 1e-15 in both branches, as a gradient check in double needs).
     */
    static double tanh(double a) {
        double abs = Math.abs(a);
        if (abs < 0.02) {
            double a2 = a * a;
            return a * (1 - a2 * (1.0 / 3 - a2 * (2.0 / 15 - a2 * (17.0 / 315))));
        }
        double e = Math.exp(-2 * abs);
        return Math.copySign((1 - e) / (1 + e), a);
    }
}
