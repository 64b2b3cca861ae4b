package jdl.nn;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.nn.kernels.HostArrays;

/** Argument checks shared by the layers: each names the argument, the expected and the actual value. */
public final class Shapes {

    private Shapes() {
    }

    /** Requires rank ≥ 2, at least one row, last dimension {@code lastDim} (or any if negative) and {@code dtype}. */
    public static void requireFeatures(String name, INDArray x, long lastDim, DataType dtype) {
        if (x == null) {
            throw new IllegalArgumentException(name + ": expected an array, got null");
        }
        if (x.rank() < 2) {
            throw new IllegalArgumentException(name + ": expected rank 2 or more ([batch, features]), got rank "
                    + x.rank() + " with shape " + Arrays.toString(x.shape()));
        }
        if (x.length() == 0 || x.size(0) == 0) {
            throw new IllegalArgumentException(name + ": expected a non-empty batch, got shape " + Arrays.toString(x.shape()));
        }
        if (lastDim >= 0 && x.size(-1) != lastDim) {
            throw new IllegalArgumentException(name + ": expected last dimension " + lastDim + ", got shape "
                    + Arrays.toString(x.shape()));
        }
        requireType(name, x, dtype);
    }

    public static void requireType(String name, INDArray x, DataType dtype) {
        if (dtype != null && x.dataType() != dtype) {
            throw new IllegalArgumentException(name + ": expected data type " + dtype + " (the model's), got "
                    + x.dataType());
        }
    }

    public static void requireSameShape(String name, INDArray x, long[] shape) {
        if (x == null) {
            throw new IllegalArgumentException(name + ": expected shape " + Arrays.toString(shape) + ", got null");
        }
        if (!Arrays.equals(x.shape(), shape)) {
            throw new IllegalArgumentException(name + ": expected shape " + Arrays.toString(shape) + ", got "
                    + Arrays.toString(x.shape()));
        }
    }

    /** For a backward pass: forward must have run ({@code cached}, its output or mask, is not null) and dy has its shape. */
    public static void requireGradient(String layer, INDArray cached, INDArray dy) {
        if (cached == null) {
            throw new IllegalStateException(layer + ".backward called before forward");
        }
        requireSameShape("dy", dy, cached.shape());
    }

    public static void requireFinite(String name, INDArray x) {
        double s = x.sumNumber().doubleValue();
        if (!Double.isFinite(s)) {
            throw new IllegalArgumentException(name + ": expected finite values, found NaN or infinity");
        }
    }

    /** The array viewed as a matrix [product of leading dims, last dim] (c order; copies only if needed). */
    public static INDArray asMatrix(INDArray x) {
        if (x.rank() == 2) {
            return x;
        }
        long rows = x.length() / x.size(-1);
        return (x.ordering() == 'c' ? x : x.dup('c')).reshape('c', rows, x.size(-1));
    }

    /** The values in row-major order as a fresh double[] (safe for views, whose buffer is shared; one bulk copy). */
    public static double[] doubles(INDArray x) {
        return HostArrays.doubles(x);
    }

    /** A shape with its last dimension replaced. */
    public static long[] withLast(long[] shape, long last) {
        long[] s = shape.clone();
        s[s.length - 1] = last;
        return s;
    }
}
