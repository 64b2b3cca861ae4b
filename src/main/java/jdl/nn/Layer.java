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

    /**
     * Asks the layer to write its output ({@code output}) and/or its input gradient ({@code inputGradient}) into a
     * buffer of its own, overwritten by its next call, instead of a new array; a layer without such buffers ignores
     * it. {@link Sequential} asks this for the arrays that pass between its layers, which are consumed at once, so
     * that a training step allocates less native memory (ND4J frees native memory only when the garbage collector
     * finds the array's Java object).
     */
    default void reuseBuffers(boolean output, boolean inputGradient) {
    }

    /** Switches between training (dropout active) and evaluation; most layers ignore it. */
    default void setTraining(boolean training) {
    }
}
