package jdl.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable layer: {@link #forward} computes the output and keeps what the backward pass needs
 * (the cache); {@link #backward} takes ∂L/∂output, adds the parameter gradients into their
 * {@link Param#grad()} and returns ∂L/∂input. One forward, then one backward.
 */
public interface Layer {

    INDArray forward(INDArray x);

    INDArray backward(INDArray dOut);

    /** Switches between training (dropout active) and evaluation; most layers ignore it. */
    default void setTraining(boolean training) {
    }
}
