package jdl.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.nn.kernels.Weight;

/**
 * A named parameter and its gradient, both of the same shape. Layers read {@link #value()} and add into
 * {@link #grad()} in their backward pass (gradients accumulate until {@link Params#zeroGrad()}).
 * Once the owning {@link Params} store is packed, both are views into one flat array.
 */
public final class Param implements Weight {

    private final String name;
    private INDArray value;
    private INDArray grad;

    Param(String name, INDArray value, INDArray grad) {
        this.name = name;
        this.value = value;
        this.grad = grad;
    }

    public String name() {
        return name;
    }

    @Override
    public INDArray value() {
        return value;
    }

    @Override
    public INDArray grad() {
        return grad;
    }

    public long length() {
        return value.length();
    }

    public long[] shape() {
        return value.shape();
    }

    void repoint(INDArray newValue, INDArray newGrad) {
        this.value = newValue;
        this.grad = newGrad;
    }

    @Override
    public String toString() {
        return name + java.util.Arrays.toString(value.shape());
    }
}
