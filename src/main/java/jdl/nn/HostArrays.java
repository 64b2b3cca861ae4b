package jdl.nn;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves whole arrays between ND4J's native memory and plain Java arrays with one bulk copy, for layers that do their
 * arithmetic in plain loops (im2col, pooling, the glimpse sensor). {@code data().asDouble()} reads element by element
 * and costs tens of milliseconds for a million values; a bulk copy costs about one.
 */
public final class HostArrays {

    private HostArrays() {
    }

    /** The values in row-major order as a fresh double[] (FLOAT and DOUBLE arrays; others via a cast). */
    public static double[] doubles(INDArray x) {
        INDArray dense = dense(x);
        int n = (int) dense.length();
        double[] v = new double[n];
        if (dense.dataType() == DataType.FLOAT) {
            float[] f = new float[n];
            new FloatPointer(dense.data().addressPointer()).get(f, 0, n);
            for (int k = 0; k < n; k++) {
                v[k] = f[k];
            }
        } else if (dense.dataType() == DataType.DOUBLE) {
            new DoublePointer(dense.data().addressPointer()).get(v, 0, n);
        } else {
            return doubles(x.castTo(DataType.DOUBLE));
        }
        return v;
    }

    /** The values in row-major order as a fresh float[]. */
    public static float[] floats(INDArray x) {
        INDArray dense = dense(x);
        int n = (int) dense.length();
        if (dense.dataType() == DataType.FLOAT) {
            float[] f = new float[n];
            new FloatPointer(dense.data().addressPointer()).get(f, 0, n);
            return f;
        }
        double[] v = doubles(x);
        float[] f = new float[n];
        for (int k = 0; k < n; k++) {
            f[k] = (float) v[k];
        }
        return f;
    }

    /** An array of {@code type} (FLOAT or DOUBLE) and {@code shape} holding {@code v} in row-major order. */
    public static INDArray array(double[] v, long[] shape, DataType type) {
        long length = Rng.length(shape);
        if (v.length != length) {
            throw new IllegalArgumentException("v: expected " + length + " values for shape "
                    + java.util.Arrays.toString(shape) + ", got " + v.length);
        }
        if (type == DataType.FLOAT) {
            float[] f = new float[v.length];
            for (int k = 0; k < v.length; k++) {
                f[k] = (float) v[k];
            }
            INDArray m = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
            new FloatPointer(m.data().addressPointer()).put(f, 0, f.length);
            return m;
        }
        if (type == DataType.DOUBLE) {
            INDArray m = Nd4j.createUninitialized(DataType.DOUBLE, shape, 'c');
            new DoublePointer(m.data().addressPointer()).put(v, 0, v.length);
            return m;
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(type);
    }

    /** True if {@code x} is laid out row-major and contiguous from the start of its buffer's address. */
    public static boolean isDense(INDArray x) {
        return x.ordering() == 'c' && x.offset() == 0 && java.util.Arrays.equals(x.stride(), Nd4j.getStrides(x.shape(), 'c'));
    }

    /** {@code x} itself if {@link #isDense}, else a dense row-major copy. */
    public static INDArray dense(INDArray x) {
        return isDense(x) ? x : x.dup('c');
    }
}
