package jdl.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import jdl.nn.GradCheck;
import jdl.nn.Params;
import jdl.nn.Rng;

/** BPTT through the vanilla RNN against finite differences, masks, truncation and per-step norms. */
class RecurrentLayerTest {

    private final Rng rng = new Rng(7);

    private static INDArray mask(double[][] m) {
        return Nd4j.create(m).castTo(DataType.DOUBLE);
    }

    @Test
    void bpttMatchesFiniteDifferencesWithOutputsAtEveryStepAndAnInitialState() {
        Params p = new Params(DataType.DOUBLE);
        RecurrentLayer<RnnCell.Cache> layer = new RecurrentLayer<>(new RnnCell(p, "rnn", 3, 4, rng));
        INDArray x = GradCheck.randomInput(rng, 5, 2, 3);
        INDArray h0 = GradCheck.randomInput(rng, 2, 4).muli(0.5);
        INDArray R = GradCheck.randomInput(rng, 5, 2, 4);
        INDArray[] grads = new INDArray[2];
        GradCheck.Result r = GradCheck.check(p, Map.of("x", x, "h0", h0),
                () -> Map.of("x", grads[0], "h0", grads[1]), backward -> {
                    INDArray h = layer.forward(x, null, CellState.of(h0));
                    if (backward) {
                        grads[0] = layer.backward(R, null);
                        grads[1] = layer.initialStateGrad().h();
                    }
                    return h.mul(R).sumNumber().doubleValue();
                }, 0, rng);
        System.out.println("rnn bptt: " + r);
        r.assertBelow(1e-6);
    }

    @Test
    void bpttWithAPaddingMaskAndALossOnTheFinalState() {
        Params p = new Params(DataType.DOUBLE);
        RecurrentLayer<RnnCell.Cache> layer = new RecurrentLayer<>(new RnnCell(p, "rnn", 3, 4, rng));
        INDArray x = GradCheck.randomInput(rng, 6, 3, 3);
        INDArray m = mask(new double[][] {{1, 1, 1}, {1, 1, 1}, {1, 0, 1}, {1, 0, 1}, {1, 0, 0}, {1, 0, 0}});
        INDArray R = GradCheck.randomInput(rng, 3, 4);
        INDArray[] dx = new INDArray[1];
        GradCheck.Result r = GradCheck.check(p, Map.of("x", x), () -> Map.of("x", dx[0]), backward -> {
            layer.forward(x, m, null);
            if (backward) {
                dx[0] = layer.backward(null, CellState.of(R));
            }
            return layer.finalState().h().mul(R).sumNumber().doubleValue();
        }, 0, rng);
        System.out.println("rnn bptt with mask: " + r);
        r.assertBelow(1e-6);
        // padded steps get no input gradient
        assertEquals(0.0, dx[0].get(NDArrayIndex.interval(2, 6), NDArrayIndex.point(1), NDArrayIndex.all())
                .norm2Number().doubleValue());
    }

    @Test
    void aPaddedSequenceEndsInTheSameStateAsTheUnpaddedOne() {
        Params p = new Params(DataType.DOUBLE);
        RecurrentLayer<RnnCell.Cache> layer = new RecurrentLayer<>(new RnnCell(p, "rnn", 3, 4, rng));
        INDArray x = GradCheck.randomInput(rng, 5, 2, 3);
        INDArray m = mask(new double[][] {{1, 1}, {1, 1}, {1, 0}, {1, 0}, {1, 0}});
        layer.forward(x, m, null);
        INDArray padded = layer.finalState().h().getRow(1).dup();
        INDArray shortX = x.get(NDArrayIndex.interval(0, 2), NDArrayIndex.interval(1, 2), NDArrayIndex.all()).dup();
        layer.forward(shortX);
        assertEquals(layer.finalState().h().getRow(0), padded);
        // without the mask the padding (here: the random inputs after step 2) changes the state
        layer.forward(x);
        assertTrue(layer.finalState().h().getRow(1).distance2(padded) > 1e-3);
    }

    @Test
    void truncatedBpttEqualsChunkedTrainingWithADetachedState() {
        Params p = new Params(DataType.DOUBLE);
        RnnCell cell = new RnnCell(p, "rnn", 3, 4, rng);
        RecurrentLayer<RnnCell.Cache> layer = new RecurrentLayer<>(cell).truncate(3);
        INDArray x = GradCheck.randomInput(rng, 6, 2, 3);
        INDArray R = GradCheck.randomInput(rng, 6, 2, 4);
        p.zeroGrad();
        layer.forward(x);
        layer.backward(R, null);
        INDArray truncatedGrad = p.get("rnn.Wh").grad().dup();

        // the same computation as two chunks of 3 steps, the state carried forward but not differentiated
        RecurrentLayer<RnnCell.Cache> chunks = new RecurrentLayer<>(cell);
        p.zeroGrad();
        chunks.forward(x.get(NDArrayIndex.interval(0, 3), NDArrayIndex.all(), NDArrayIndex.all()).dup());
        chunks.backward(R.get(NDArrayIndex.interval(0, 3), NDArrayIndex.all(), NDArrayIndex.all()).dup(), null);
        CellState carried = chunks.finalState();
        chunks.forward(x.get(NDArrayIndex.interval(3, 6), NDArrayIndex.all(), NDArrayIndex.all()).dup(), null, carried);
        chunks.backward(R.get(NDArrayIndex.interval(3, 6), NDArrayIndex.all(), NDArrayIndex.all()).dup(), null);
        assertTrue(truncatedGrad.equalsWithEps(p.get("rnn.Wh").grad(), 1e-12));

        // and it differs from full BPTT
        RecurrentLayer<RnnCell.Cache> full = new RecurrentLayer<>(cell);
        p.zeroGrad();
        full.forward(x);
        full.backward(R, null);
        assertTrue(full.cell() == cell && truncatedGrad.distance2(p.get("rnn.Wh").grad()) > 1e-6);
    }

    @Test
    void stateGradientNormsShrinkBackInTimeForAContractiveRecurrence() {
        Params p = new Params(DataType.DOUBLE);
        RnnCell cell = new RnnCell(p, "rnn", 2, 8, RnnCell.Nonlinearity.LINEAR, rng);
        cell.recurrentWeight().value().assign(Nd4j.eye(8).castTo(DataType.DOUBLE).muli(0.5));   // spectral radius 0.5
        RecurrentLayer<RnnCell.Cache> layer = new RecurrentLayer<>(cell);
        layer.forward(GradCheck.randomInput(rng, 10, 3, 2));
        INDArray dFinal = GradCheck.randomInput(rng, 3, 8);
        layer.backward(null, CellState.of(dFinal));
        double[] norms = layer.stateGradNorms();
        assertEquals(10, norms.length);
        for (int t = 0; t < 9; t++) {
            assertEquals(0.5 * norms[t + 1], norms[t], 1e-12, "‖∂L/∂h_t‖ halves each step back, t = " + t);
        }
        assertEquals(dFinal.norm2Number().doubleValue(), norms[9], 1e-12);
    }

    @Test
    void perStepContributionsSumToTheRecurrentWeightGradient() {
        Params p = new Params(DataType.DOUBLE);
        RnnCell cell = new RnnCell(p, "rnn", 3, 4, rng);
        RecurrentLayer<RnnCell.Cache> layer = new RecurrentLayer<>(cell).recordContributions(cell.recurrentWeight());
        layer.forward(GradCheck.randomInput(rng, 6, 2, 3));
        p.zeroGrad();
        layer.backward(GradCheck.randomInput(rng, 6, 2, 4), null);
        INDArray[] parts = layer.contributions();
        assertEquals(6, parts.length);
        INDArray sum = parts[0].dup();
        for (int t = 1; t < 6; t++) {
            sum.addi(parts[t]);
        }
        assertTrue(sum.equalsWithEps(cell.recurrentWeight().grad(), 1e-12));
        // step 0 starts from the zero state, so it adds nothing to ∂L/∂W_h = Σ h_{t−1}ᵀ da_t
        assertEquals(0.0, parts[0].norm2Number().doubleValue());
    }

    @Test
    void perStepContributionsSumToTheInputWeightAndBiasGradients() {
        Params p = new Params(DataType.DOUBLE);
        RnnCell cell = new RnnCell(p, "rnn", 3, 4, rng);
        INDArray x = GradCheck.randomInput(rng, 6, 2, 3);
        INDArray dh = GradCheck.randomInput(rng, 6, 2, 4);
        for (jdl.nn.Param watched : new jdl.nn.Param[] {cell.inputWeight(), cell.bias()}) {
            RecurrentLayer<RnnCell.Cache> layer = new RecurrentLayer<>(cell).recordContributions(watched);
            layer.forward(x);
            p.zeroGrad();
            layer.backward(dh, null);
            INDArray[] parts = layer.contributions();
            INDArray sum = parts[0].dup();
            for (int t = 1; t < 6; t++) {
                sum.addi(parts[t]);
            }
            assertTrue(sum.equalsWithEps(watched.grad(), 1e-12), "sum of contributions for " + watched);
            // unlike W_h, the input weights and the bias get a term from step 0 too
            assertTrue(parts[0].norm2Number().doubleValue() > 1e-3, "step 0 contributes to " + watched);
        }
    }

    @Test
    void floatAndDoubleModelsFromTheSameSeedAgree() {
        Params pf = new Params(DataType.FLOAT);
        Params pd = new Params(DataType.DOUBLE);
        RecurrentLayer<RnnCell.Cache> lf = new RecurrentLayer<>(new RnnCell(pf, "rnn", 3, 5, new Rng(3)));
        RecurrentLayer<RnnCell.Cache> ld = new RecurrentLayer<>(new RnnCell(pd, "rnn", 3, 5, new Rng(3)));
        INDArray x = GradCheck.randomInput(new Rng(4), 4, 2, 3);
        INDArray hf = lf.forward(x.castTo(DataType.FLOAT));
        INDArray hd = ld.forward(x);
        assertArrayEquals(hd.shape(), hf.shape());
        assertTrue(hf.castTo(DataType.DOUBLE).equalsWithEps(hd, 1e-5));
    }
}
