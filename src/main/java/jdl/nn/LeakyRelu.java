package jdl.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** y = x for x &gt; 0, αx otherwise; backward: ∂L/∂x = dy ⊙ (1 or α). */
public final class LeakyRelu implements Layer {

    private final double alpha;
    private INDArray x;   // cache: the input (the slope, 1 or α, is computed in backward)

    public LeakyRelu(double alpha) {
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha: expected a value in [0, 1), got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public INDArray forward(INDArray x) {
        this.x = x;
        return Transforms.leakyRelu(x, alpha, true);
    }

    @Override
    public INDArray backward(INDArray dy) {
        Shapes.requireGradient("LeakyRelu", x, dy);
        return Transforms.leakyReluDerivative(x, alpha, true).muli(dy);   // 1 where x > 0, α elsewhere
    }

    public double alpha() {
        return alpha;
    }
}
