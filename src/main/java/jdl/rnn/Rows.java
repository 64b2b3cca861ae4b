package jdl.rnn;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves a [rows, cols] matrix between ND4J and a plain Java array (row-major), so that a cell can do its
 * gate arithmetic in one readable loop instead of a dozen small ND4J operations per step (each costs
 * tens of microseconds of call overhead on arrays this small). Matrix products stay in ND4J's gemm.
 */
final class Rows {

    private Rows() {
    }

    /** The values of a matrix, row-major (a copy). */
    static double[] values(INDArray m) {
        INDArray dense = m.isView() || m.ordering() != 'c' || m.data().length() != m.length() ? m.dup('c') : m;
        int n = (int) dense.length();
        if (dense.dataType() == DataType.FLOAT) {
            float[] f = new float[n];
            new FloatPointer(dense.data().addressPointer()).get(f, 0, n);     // one bulk copy out of native memory
            double[] v = new double[n];
            for (int k = 0; k < n; k++) {
                v[k] = f[k];
            }
            return v;
        }
        if (dense.dataType() == DataType.DOUBLE) {
            double[] v = new double[n];
            new DoublePointer(dense.data().addressPointer()).get(v, 0, n);
            return v;
        }
        return dense.data().asDouble();
    }

    /** A [rows, cols] matrix of type {@code type} holding {@code v} (row-major). */
    static INDArray matrix(double[] v, long rows, long cols, DataType type) {
        if (v.length != rows * cols) {
            throw new IllegalArgumentException("v: expected " + rows + " × " + cols + " values, got " + v.length);
        }
        if (type == DataType.FLOAT) {
            float[] f = new float[v.length];
            for (int k = 0; k < v.length; k++) {
                f[k] = (float) v[k];
            }
            INDArray m = Nd4j.createUninitialized(DataType.FLOAT, rows, cols);
            new FloatPointer(m.data().addressPointer()).put(f, 0, f.length);   // one bulk copy into native memory
            return m;
        }
        if (type == DataType.DOUBLE) {
            INDArray m = Nd4j.createUninitialized(DataType.DOUBLE, rows, cols);
            new DoublePointer(m.data().addressPointer()).put(v, 0, v.length);
            return m;
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c').castTo(type);
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
