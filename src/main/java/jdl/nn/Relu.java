package jdl.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** y = max(0, x); backward: ∂L/∂x = dy where x &gt; 0, else 0. */
public final class Relu implements Layer {

    private INDArray positive;   // cache: 1 where x > 0

    @Override
    public INDArray forward(INDArray x) {
        positive = x.gt(0).castTo(x.dataType());
        return Transforms.relu(x, true);
    }

    @Override
    public INDArray backward(INDArray dy) {
        Shapes.requireGradient("Relu", positive, dy);
        return dy.mul(positive);
    }
}
