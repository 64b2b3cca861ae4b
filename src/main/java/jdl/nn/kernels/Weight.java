package jdl.nn.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a kernel needs of a parameter: its value, read in the forward pass, and its gradient, accumulated in the
 * backward pass (the core's {@code jdl.nn.Param} is one), so that the engine room sits below the core and imports
 * nothing from it.
 */
public interface Weight {

    /** The current value. */
    INDArray value();

    /** The gradient accumulated since the last zeroing, same shape as the value. */
    INDArray grad();
}
