package jdl.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** y = x for x &gt; 0, αx otherwise; backward: ∂L/∂x = dy ⊙ (1 or α). */
public final class LeakyRelu implements Layer {

    private final double alpha;
    private INDArray slope;   // cache: 1 where x > 0, alpha elsewhere

    public LeakyRelu(double alpha) {
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha: expected a value in [0, 1), got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public INDArray forward(INDArray x) {
        INDArray positive = x.gt(0).castTo(x.dataType());
        slope = positive.mul(1 - alpha).addi(alpha);
        return x.mul(slope);
    }

    @Override
    public INDArray backward(INDArray dy) {
        Shapes.requireGradient("LeakyRelu", slope, dy);
        return dy.mul(slope);
    }

    public double alpha() {
        return alpha;
    }
}
