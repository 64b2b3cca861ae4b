package jdl.nn;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gives each example a new shape with the same number of values, e.g. flat images [batch, 3600] → [batch, 1, 60, 60]
 * for a convolution, or feature maps [batch, 16, 10, 10] → [batch, 1600] for a {@link Linear} layer. Backward
 * reshapes the gradient back.
 */
public final class Reshape implements Layer {

    private final long[] shape;
    private final long size;
    private long[] inputShape;

    /** {@code shape}: the new shape of one example. */
    public Reshape(long... shape) {
        if (shape == null || shape.length == 0 || Arrays.stream(shape).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("shape: expected positive sizes per example, got " + Arrays.toString(shape));
        }
        this.shape = shape.clone();
        this.size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    @Override
    public INDArray forward(INDArray x) {
        if (x == null || x.rank() < 2 || x.length() != x.size(0) * size) {
            throw new IllegalArgumentException("x: expected [batch, ...] with " + size + " values per example (to become "
                    + Arrays.toString(shape) + "), got " + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        inputShape = x.shape();
        long[] out = new long[shape.length + 1];
        out[0] = x.size(0);
        System.arraycopy(shape, 0, out, 1, shape.length);
        return x.dup('c').reshape('c', out);
    }

    @Override
    public INDArray backward(INDArray dOut) {
        if (inputShape == null) {
            throw new IllegalStateException("Reshape.backward called before forward");
        }
        if (dOut.length() != inputShape[0] * size) {
            throw new IllegalArgumentException("dOut: expected " + inputShape[0] * size + " values, got shape "
                    + Arrays.toString(dOut.shape()));
        }
        return dOut.dup('c').reshape('c', inputShape);
    }
}
