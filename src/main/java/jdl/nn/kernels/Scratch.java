package jdl.nn.kernels;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One reusable native buffer: {@link #view} returns an array of the asked shape that lives in a flat buffer sized
 * for the largest shape asked so far. A layer keeps one per activation, cache or gradient, so that a training step
 * allocates native memory only when its batch grows; a smaller batch gets a view of the same memory. The view's
 * values are whatever the last user left there: write before you read.
 */
public final class Scratch {

    private final DataType type;
    private INDArray flat;
    private long[] shape;
    private INDArray view;

    public Scratch(DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("type: expected FLOAT or DOUBLE, got " + type);
        }
        this.type = type;
    }

    /** A [shape] array in this buffer (the same object as last time when the shape is the same). */
    public INDArray view(long... shape) {
        long n = 1;
        for (long s : shape) {
            if (s < 1) {
                throw new IllegalArgumentException("shape: expected positive sizes, got " + Arrays.toString(shape));
            }
            n *= s;
        }
        if (flat == null || flat.length() < n) {
            flat = Nd4j.zeros(type, n);
            view = null;
        }
        if (view == null || !Arrays.equals(shape, this.shape)) {
            INDArray part = n == flat.length() ? flat : flat.get(NDArrayIndex.interval(0, n));
            view = part.reshape('c', shape);
            this.shape = shape.clone();
        }
        return view;
    }

    public DataType dataType() {
        return type;
    }
}
