package jdl.nn.kernels;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves whole arrays between ND4J's native memory and plain Java arrays with one bulk copy, for layers that do their
 * arithmetic in plain loops (im2col, pooling, the glimpse sensor). {@code data().asDouble()} reads element by element
 * and costs tens of milliseconds for a million values; a bulk copy costs about one.
 *
 * <p>{@link #read} and {@link #write} copy a range of a FLOAT array into or out of a float[] the caller keeps,
 * without allocating either side: the recurrent kernels move one time step's gates this way.
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
        long length = 1;
        for (long d : shape) {
            length *= d;
        }
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

    /** A [rows, cols] matrix of {@code type} holding {@code v} row-major (one bulk copy into native memory). */
    public static INDArray matrix(double[] v, long rows, long cols, DataType type) {
        return array(v, new long[] {rows, cols}, type);
    }

    /**
     * Block {@code k} of a row-major matrix whose rows are {@code blocks} blocks of {@code width} values side by side
     * (the gates [i | f | o | g] of an LSTM step), as a [rows, width] matrix of type {@code type}.
     */
    public static INDArray block(double[] v, int blocks, int width, int k, DataType type) {
        int rows = v.length / (blocks * width);
        double[] out = new double[rows * width];
        for (int row = 0; row < rows; row++) {
            System.arraycopy(v, (row * blocks + k) * width, out, row * width, width);
        }
        return matrix(out, rows, width, type);
    }

    /** True if {@code x} is laid out row-major and contiguous from the start of its buffer's address. */
    public static boolean isDense(INDArray x) {
        return x.ordering() == 'c' && x.offset() == 0 && java.util.Arrays.equals(x.stride(), Nd4j.getStrides(x.shape(), 'c'));
    }

    /**
     * True if {@code x}'s values are one row-major block in memory (it may start at an offset, as a block of whole
     * rows does); dimensions of size 1 may have any stride.
     */
    public static boolean isContiguous(INDArray x) {
        long[] shape = x.shape();
        long[] stride = x.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** {@code x} itself if {@link #isDense}, else a dense row-major copy. */
    public static INDArray dense(INDArray x) {
        return isDense(x) ? x : x.dup('c');
    }

    /**
     * Copies {@code n} values of {@code src}, from its element {@code from} in row-major order, into
     * {@code dst[at, at + n)}. {@code src} must be FLOAT and contiguous (a dense array or a block of whole rows).
     */
    public static void read(INDArray src, long from, float[] dst, int at, int n) {
        requireContiguousFloat("src", src, from, n);
        if (at < 0 || at + n > dst.length) {
            throw new IllegalArgumentException("dst: expected room for " + n + " values from index " + at
                    + ", got length " + dst.length);
        }
        new FloatPointer(src.data().addressPointer()).position(from).get(dst, at, n);
    }

    /** Copies {@code src[at, at + n)} into {@code dst} from its element {@code from}; the contract of {@link #read}. */
    public static void write(float[] src, int at, int n, INDArray dst, long from) {
        requireContiguousFloat("dst", dst, from, n);
        if (at < 0 || at + n > src.length) {
            throw new IllegalArgumentException("src: expected " + n + " values from index " + at
                    + ", got length " + src.length);
        }
        new FloatPointer(dst.data().addressPointer()).position(from).put(src, at, n);
    }

    private static void requireContiguousFloat(String name, INDArray x, long from, int n) {
        if (x.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException(name + ": expected a FLOAT array, got " + x.dataType());
        }
        if (!isContiguous(x)) {
            throw new IllegalArgumentException(name + ": expected a contiguous row-major array, got strides "
                    + java.util.Arrays.toString(x.stride()) + " for shape " + java.util.Arrays.toString(x.shape()));
        }
        if (from < 0 || n < 0 || from + n > x.length()) {
            throw new IllegalArgumentException(name + ": expected " + n + " values from element " + from
                    + ", got an array of " + x.length());
        }
    }
}
