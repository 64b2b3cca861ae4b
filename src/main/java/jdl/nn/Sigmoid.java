package jdl.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** y = σ(x) = 1 / (1 + e^{−x}); backward: ∂L/∂x = dy ⊙ y ⊙ (1 − y). */
public final class Sigmoid implements Layer {

    private INDArray y;

    @Override
    public INDArray forward(INDArray x) {
        y = Transforms.sigmoid(x, true);
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        Shapes.requireGradient("Sigmoid", y, dy);
        return y.rsub(1).muli(y).muli(dy);
    }
}
