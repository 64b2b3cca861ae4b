package jdl.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** L = (1/n) Σ (ŷ − y)² over all n elements; backward: ∂L/∂ŷ = 2 (ŷ − y) / n. */
public final class MeanSquaredError {

    private INDArray diff;   // cache: ŷ − y

    public double forward(INDArray prediction, INDArray target) {
        Shapes.requireFeatures("prediction", prediction, -1, null);
        Shapes.requireSameShape("target", target, prediction.shape());
        Shapes.requireType("target", target, prediction.dataType());
        diff = prediction.sub(target);
        double norm = diff.norm2Number().doubleValue();
        return norm * norm / diff.length();
    }

    public INDArray backward() {
        if (diff == null) {
            throw new IllegalStateException("MeanSquaredError.backward called before forward");
        }
        return diff.mul(2.0 / diff.length());
    }
}
