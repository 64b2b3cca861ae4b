package jdl.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Every layer's backward pass against central differences, in double precision. */
class GradientCheckTest {

    private static final double TOLERANCE = 1e-6;
    private final Rng rng = new Rng(20261127);

    private void checkLayer(String what, Layer layer, Params params, INDArray x) {
        GradCheck.Result r = GradCheck.layer(layer, params, x, 60, rng);
        System.out.println(what + ": " + r);
        r.assertBelow(TOLERANCE);
        assertTrue(r.checked() > 0);
    }

    @Test
    void linear() {
        Params p = new Params(DataType.DOUBLE);
        checkLayer("linear", new Linear(p, "fc", 5, 3, Init.XAVIER_UNIFORM, rng), p, GradCheck.randomInput(rng, 4, 5));
    }

    @Test
    void linearOnRank3Input() {
        Params p = new Params(DataType.DOUBLE);
        checkLayer("linear rank 3", new Linear(p, "fc", 5, 3, Init.XAVIER_UNIFORM, rng), p, GradCheck.randomInput(rng, 2, 4, 5));
    }

    @Test
    void activations() {
        Params p = new Params(DataType.DOUBLE);
        Linear fc = new Linear(p, "fc", 6, 6, Init.XAVIER_UNIFORM, rng);   // parameters so that the check has a store
        for (Layer act : List.of(new Tanh(), new Sigmoid(), new Relu(), new LeakyRelu(0.2))) {
            checkLayer(act.getClass().getSimpleName(), new Sequential(List.of(fc, act)), p, GradCheck.randomInput(rng, 5, 6));
        }
    }

    @Test
    void dropoutWithAFixedMask() {
        Params p = new Params(DataType.DOUBLE);
        Dropout dropout = new Dropout(0.3, rng.split());
        dropout.reuseMask(true);
        checkLayer("dropout", new Sequential(List.of(new Linear(p, "fc", 6, 8, Init.XAVIER_UNIFORM, rng), dropout)), p,
                GradCheck.randomInput(rng, 5, 6));
    }

    @Test
    void layerNorm() {
        Params p = new Params(DataType.DOUBLE);
        LayerNorm ln = new LayerNorm(p, "ln", 7);
        p.get("ln.gamma").value().assign(rng.normal(DataType.DOUBLE, 1.0, 1, 7));   // away from γ = 1, β = 0
        p.get("ln.beta").value().assign(rng.normal(DataType.DOUBLE, 1.0, 1, 7));
        checkLayer("layer norm", ln, p, GradCheck.randomInput(rng, 4, 7));
        checkLayer("layer norm rank 3", ln, p, GradCheck.randomInput(rng, 3, 2, 7));
    }

    @Test
    void mlpWithSoftmaxCrossEntropyMaskAndIgnoreIndex() {
        Params p = new Params(DataType.DOUBLE);
        Mlp mlp = new Mlp(p, "mlp", new MlpConfig(6, List.of(8, 5), 4, Activation.TANH), rng);
        INDArray x = GradCheck.randomInput(rng, 7, 6);
        int[] targets = {0, 3, 2, -1, 1, 3, 0};
        INDArray mask = org.nd4j.linalg.factory.Nd4j.create(new double[] {1, 1, 0, 1, 1, 1, 0});
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(-1);
        INDArray[] dx = new INDArray[1];
        GradCheck.Result r = GradCheck.check(p, Map.of("x", x), () -> Map.of("x", dx[0]), backward -> {
            double l = loss.forward(mlp.forward(x), targets, mask);
            if (backward) {
                dx[0] = mlp.backward(loss.backward());
            }
            return l;
        }, 50, rng);
        System.out.println("mlp + softmax cross-entropy: " + r);
        r.assertBelow(TOLERANCE);
    }

    @Test
    void sigmoidCrossEntropyFromLogits() {
        Params p = new Params(DataType.DOUBLE);
        Linear fc = new Linear(p, "fc", 5, 3, Init.XAVIER_UNIFORM, rng);
        INDArray x = GradCheck.randomInput(rng, 6, 5);
        INDArray y = rng.uniform(DataType.DOUBLE, 0, 1, 6, 3);
        SigmoidCrossEntropy loss = new SigmoidCrossEntropy();
        GradCheck.Result r = GradCheck.check(p, Map.of(), null, backward -> {
            double l = loss.forward(fc.forward(x), y);
            if (backward) {
                fc.backward(loss.backward());
            }
            return l;
        }, 0, rng);
        System.out.println("sigmoid cross-entropy: " + r);
        r.assertBelow(TOLERANCE);
    }

    @Test
    void meanSquaredError() {
        Params p = new Params(DataType.DOUBLE);
        Mlp mlp = new Mlp(p, "mlp", new MlpConfig(4, List.of(6), 2, Activation.SIGMOID), rng);
        INDArray x = GradCheck.randomInput(rng, 5, 4);
        INDArray y = GradCheck.randomInput(rng, 5, 2);
        MeanSquaredError loss = new MeanSquaredError();
        GradCheck.check(p, Map.of(), null, backward -> {
            double l = loss.forward(mlp.forward(x), y);
            if (backward) {
                mlp.backward(loss.backward());
            }
            return l;
        }, 0, rng).assertBelow(TOLERANCE);
    }

    @Test
    void embeddingWithRepeatedTokens() {
        Params p = new Params(DataType.DOUBLE);
        Embedding emb = new Embedding(p, "emb", 6, 4, rng);
        Linear fc = new Linear(p, "fc", 4, 3, Init.XAVIER_UNIFORM, rng);
        int[] ids = {1, 4, 1, 0, 5, 1};
        int[] targets = {0, 2, 1, 1, 0, 2};
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        GradCheck.Result r = GradCheck.check(p, Map.of(), null, backward -> {
            double l = loss.forward(fc.forward(emb.forward(ids)), targets);
            if (backward) {
                emb.backward(fc.backward(loss.backward()));
            }
            return l;
        }, 0, rng);
        System.out.println("embedding: " + r);
        r.assertBelow(TOLERANCE);
    }

    @Test
    void aBrokenBackwardIsCaught() {
        Params p = new Params(DataType.DOUBLE);
        Linear fc = new Linear(p, "fc", 3, 2, Init.XAVIER_UNIFORM, rng);
        INDArray x = GradCheck.randomInput(rng, 4, 3);
        INDArray R = GradCheck.randomInput(rng, 4, 2);
        GradCheck.Result r = GradCheck.check(p, Map.of(), null, backward -> {
            INDArray out = fc.forward(x);
            if (backward) {
                fc.backward(R.mul(1.01));   // a 1% error in the upstream gradient
            }
            return out.mul(R).sumNumber().doubleValue();
        }, 0, rng);
        assertTrue(r.worstRelativeError() > 1e-3, "the check must notice a 1% error: " + r);
    }
}
