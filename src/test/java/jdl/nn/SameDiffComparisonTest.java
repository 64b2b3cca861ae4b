package jdl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Our forward and backward passes against ND4J's automatic differentiation (SameDiff), on the same
 * weights: an MLP 6 → 8 (tanh) → 4 with softmax cross-entropy on integer targets, mean over the batch.
 * SameDiff builds the same graph from its own ops (mmul, add, tanh, exp/log/max/sum or its softmax
 * cross-entropy loss, reductions) and differentiates it; loss and gradients must agree to 1e-6 relative.
 * (SameDiff's {@code gru} op fails finite-difference checks, so it is not used as a reference anywhere.)
 */
class SameDiffComparisonTest {

    private static final double TOLERANCE = 1e-6;
    private static final String[] VARIABLES = {"x", "W1", "b1", "W2", "b2"};

    /** Our model and its parameter names, in the order of {@link #VARIABLES} (after "x"). */
    private static final String[] OURS = {"mlp.fc1.W", "mlp.fc1.b", "mlp.out.W", "mlp.out.b"};

    private record Outcome(double loss, Map<String, INDArray> grads) {
    }

    /** Our loss and gradients: x and every parameter. */
    private static Outcome ours(Params p, Mlp mlp, INDArray x, int[] targets, INDArray mask) {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(-1);
        p.zeroGrad();
        double loss = ce.forward(mlp.forward(x), targets, mask);
        INDArray dx = mlp.backward(ce.backward());
        Map<String, INDArray> grads = new LinkedHashMap<>();
        grads.put("x", dx.dup());
        for (int i = 0; i < OURS.length; i++) {
            grads.put(VARIABLES[i + 1], p.get(OURS[i]).grad().dup());
        }
        return new Outcome(loss, grads);
    }

    /**
     * The same computation in SameDiff. With {@code builtInLoss}, the loss is SameDiff's own
     * softmaxCrossEntropy (weights = per-row mask, mean over the rows with non-zero weight); otherwise
     * it is written out: L = −Σ_i w_i Σ_c y_ic log softmax(z_i)_c / Σ_i w_i.
     */
    private static Outcome sameDiff(Params p, INDArray xValue, int[] targets, double[] w, boolean builtInLoss) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", xValue.dup());
        SDVariable W1 = sd.var("W1", p.get("mlp.fc1.W").value().dup());
        SDVariable b1 = sd.var("b1", p.get("mlp.fc1.b").value().dup());
        SDVariable W2 = sd.var("W2", p.get("mlp.out.W").value().dup());
        SDVariable b2 = sd.var("b2", p.get("mlp.out.b").value().dup());
        SDVariable h = sd.math().tanh(x.mmul(W1).add(b1));                 // h = tanh(x W1 + b1)
        SDVariable z = h.mmul(W2).add(b2);                                  // z = h W2 + b2
        int classes = (int) p.get("mlp.out.b").value().length();
        SDVariable y = sd.constant("y", oneHot(targets, classes));
        SDVariable weights = sd.constant("w", Nd4j.create(w, new long[] {w.length}, DataType.DOUBLE));
        if (builtInLoss) {
            sd.loss().softmaxCrossEntropy("loss", y, z, weights, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
        } else {
            double counted = 0;
            for (double wi : w) {
                counted += wi;
            }
            // log softmax(z) = (z − max z) − log Σ exp(z − max z), row by row (SameDiff's logSoftmax op with an
            // explicit dimension cannot be differentiated in 1.0.0-M2.1: "Error setting property ... LogSoftMax")
            SDVariable shifted = z.sub(z.max(true, 1));
            SDVariable logProbs = shifted.sub(sd.math().log(sd.math().exp(shifted).sum(true, 1)));
            SDVariable perRow = logProbs.mul(y).sum(1);                      // log softmax(z_i)[t_i], [rows]
            SDVariable loss = perRow.mul(weights).sum().neg().div("loss", counted);
            sd.setLossVariables(loss);
        }
        double loss = sd.output(Map.of(), "loss").get("loss").getDouble(0);
        Map<String, INDArray> grads = sd.calculateGradients(Map.of(), VARIABLES);
        return new Outcome(loss, grads);
    }

    /** Rows of zeros with a 1 at the target (all zeros for an ignored target, -1). */
    private static INDArray oneHot(int[] targets, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, targets.length, classes);
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] >= 0) {
                y.putScalar(i, targets[i], 1.0);
            }
        }
        return y;
    }

    /** The worst of |a − b| / max(|a| + |b|, 1e-8) over all elements (as in GradCheck). */
    static double maxRelativeError(INDArray a, INDArray b) {
        assertArrayEquals(a.shape(), b.shape(), "shapes differ");
        double[] u = Shapes.doubles(a);
        double[] v = Shapes.doubles(b);
        double worst = 0;
        for (int i = 0; i < u.length; i++) {
            worst = Math.max(worst, Math.abs(u[i] - v[i]) / Math.max(Math.abs(u[i]) + Math.abs(v[i]), 1e-8));
        }
        return worst;
    }

    private static void assertAgree(String what, Outcome ours, Outcome reference) {
        Map<String, Double> errors = new LinkedHashMap<>();
        double worst = 0;
        for (String name : VARIABLES) {
            double e = maxRelativeError(ours.grads().get(name), reference.grads().get(name));
            errors.put(name, e);
            worst = Math.max(worst, e);
        }
        double lossError = Math.abs(ours.loss() - reference.loss()) / Math.abs(reference.loss());
        System.out.printf(Locale.ROOT, "%s: loss ours %.15f, SameDiff %.15f (relative error %.2e);"
                + " max relative gradient error %.2e %s%n", what, ours.loss(), reference.loss(), lossError, worst, errors);
        assertTrue(lossError < TOLERANCE, what + ": loss differs by " + lossError);
        assertTrue(worst < TOLERANCE, what + ": gradients differ, worst relative error per variable " + errors);
        // the comparison is not vacuous: the gradients are of a size where an error would show
        assertTrue(ours.grads().get("W1").norm2Number().doubleValue() > 1e-3);
    }

    private static Mlp model(Params p) {
        return new Mlp(p, "mlp", new MlpConfig(6, List.of(8), 4, Activation.TANH), new Rng(11));
    }

    @ParameterizedTest(name = "packed store: {0}")
    @ValueSource(booleans = {false, true})
    void meanCrossEntropyMatchesSameDiff(boolean packed) {
        Params p = new Params(DataType.DOUBLE);
        Mlp mlp = model(p);
        // make the biases non-zero so that their gradients' routes matter
        p.get("mlp.fc1.b").value().assign(new Rng(3).normal(DataType.DOUBLE, 0.5, 1, 8));
        p.get("mlp.out.b").value().assign(new Rng(4).normal(DataType.DOUBLE, 0.5, 1, 4));
        if (packed) {
            new Optimizer(p, new Adam(1e-3));   // moves values and gradients into the flat arrays (views)
        }
        INDArray x = new Rng(5).normal(DataType.DOUBLE, 1.0, 5, 6);
        int[] targets = {0, 3, 1, 1, 2};
        double[] all = {1, 1, 1, 1, 1};
        Outcome ours = ours(p, mlp, x, targets, null);
        assertAgree("mean cross-entropy (explicit log-softmax), packed=" + packed, ours,
                sameDiff(p, x, targets, all, false));
        assertAgree("mean cross-entropy (sd.loss().softmaxCrossEntropy), packed=" + packed, ours,
                sameDiff(p, x, targets, all, true));
    }

    @Test
    void maskedAndIgnoredRowsMatchSameDiff() {
        Params p = new Params(DataType.DOUBLE);
        Mlp mlp = model(p);
        INDArray x = new Rng(6).normal(DataType.DOUBLE, 1.0, 7, 6);
        int[] targets = {0, 3, 2, -1, 1, 3, 0};
        INDArray mask = Nd4j.create(new double[] {1, 1, 0, 1, 1, 1, 0});
        double[] w = {1, 1, 0, 0, 1, 1, 0};    // masked rows and the ignored target (-1) do not count
        Outcome ours = ours(p, mlp, x, targets, mask);
        assertEquals(0.0, ours.grads().get("x").getRow(2).norm2Number().doubleValue(), "a masked row has no gradient");
        assertAgree("masked cross-entropy (explicit)", ours, sameDiff(p, x, targets, w, false));
        assertAgree("masked cross-entropy (SameDiff's loss with weights)", ours, sameDiff(p, x, targets, w, true));
    }
}
