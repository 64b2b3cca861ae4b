package jdl.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** y = tanh(x); backward: ∂L/∂x = dy ⊙ (1 − y²). */
public final class Tanh implements Layer {

    private INDArray y;

    @Override
    public INDArray forward(INDArray x) {
        y = Transforms.tanh(x, true);
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        Shapes.requireGradient("Tanh", y, dy);
        return y.mul(y).rsubi(1).muli(dy);
    }
}
