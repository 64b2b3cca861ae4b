package jdl.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** y = max(0, x); backward: ∂L/∂x = dy where x &gt; 0, else 0. */
public final class Relu implements Layer {

    private INDArray x;   // cache: the input (the mask x > 0 is computed in backward, one array fewer per step)

    @Override
    public INDArray forward(INDArray x) {
        this.x = x;
        return Transforms.relu(x, true);
    }

    @Override
    public INDArray backward(INDArray dy) {
        Shapes.requireGradient("Relu", x, dy);
        return Transforms.step(x, true).muli(dy);          // step(x) = 1 where x > 0, else 0
    }
}
