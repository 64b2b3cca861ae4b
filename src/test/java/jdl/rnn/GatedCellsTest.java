package jdl.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.GradCheck;
import jdl.nn.Params;
import jdl.nn.Rng;

/** LSTM and GRU through the same unrolling: BPTT against finite differences, with masks and initial states. */
class GatedCellsTest {

    private final Rng rng = new Rng(11);

    private <C extends RecurrentCell.Step> GradCheck.Result check(Params p, RecurrentCell<C> cell, boolean withC) {
        RecurrentLayer<C> layer = new RecurrentLayer<>(cell);
        INDArray x = GradCheck.randomInput(rng, 5, 3, cell.inputSize());
        INDArray m = Nd4j.create(new double[][] {{1, 1, 1}, {1, 1, 1}, {1, 0, 1}, {1, 0, 1}, {1, 0, 0}});
        INDArray h0 = GradCheck.randomInput(rng, 3, cell.hiddenSize()).muli(0.5);
        INDArray c0 = withC ? GradCheck.randomInput(rng, 3, cell.hiddenSize()).muli(0.5) : null;
        INDArray R = GradCheck.randomInput(rng, 5, 3, cell.hiddenSize());
        INDArray Rc = GradCheck.randomInput(rng, 3, cell.hiddenSize());
        INDArray[] g = new INDArray[3];
        Map<String, INDArray> inputs = withC ? Map.of("x", x, "h0", h0, "c0", c0) : Map.of("x", x, "h0", h0);
        return GradCheck.check(p, inputs, () -> withC ? Map.of("x", g[0], "h0", g[1], "c0", g[2])
                : Map.of("x", g[0], "h0", g[1]), backward -> {
                    INDArray h = layer.forward(x, m, new CellState(h0, c0));
                    CellState fin = layer.finalState();
                    double loss = h.mul(R).sumNumber().doubleValue();
                    if (withC) {
                        loss += fin.c().mul(Rc).sumNumber().doubleValue();   // a loss on the final cell state too
                    }
                    if (backward) {
                        g[0] = layer.backward(R, withC ? new CellState(fin.h().like().assign(0), Rc) : null);
                        g[1] = layer.initialStateGrad().h();
                        g[2] = withC ? layer.initialStateGrad().c() : null;
                    }
                    return loss;
                }, 0, rng);
    }

    @Test
    void lstmBpttMatchesFiniteDifferences() {
        Params p = new Params(DataType.DOUBLE);
        GradCheck.Result r = check(p, new LstmCell(p, "lstm", 3, 4, rng), true);
        System.out.println("lstm: " + r);
        r.assertBelow(1e-6);
    }

    @Test
    void gruBpttMatchesFiniteDifferences() {
        Params p = new Params(DataType.DOUBLE);
        GradCheck.Result r = check(p, new GruCell(p, "gru", 3, 4, rng), false);
        System.out.println("gru: " + r);
        r.assertBelow(1e-6);
    }

    @Test
    void aGruHasThreeQuartersOfAnLstmsParameters() {
        Params lstm = new Params(DataType.FLOAT);
        new LstmCell(lstm, "lstm", 64, 128, rng);
        Params gru = new Params(DataType.FLOAT);
        new GruCell(gru, "gru", 64, 128, rng);
        assertEquals(4L * (64 * 128 + 128 * 128 + 128), lstm.count());
        assertEquals(3L * (64 * 128 + 128 * 128 + 128), gru.count());
        assertEquals(0.75, (double) gru.count() / lstm.count(), 1e-12);
    }

    @Test
    void theForgetGateStartsOpen() {
        Params p = new Params(DataType.DOUBLE);
        LstmCell cell = new LstmCell(p, "lstm", 2, 3, rng);
        RecurrentLayer<LstmCell.Cache> layer = new RecurrentLayer<>(cell);
        layer.forward(Nd4j.zeros(DataType.DOUBLE, 1, 1, 2));
        // with zero input and state the forget gate is σ(1) ≈ 0.731, the others σ(0) = 0.5
        assertEquals(1 / (1 + Math.exp(-1)), layer.steps().get(0).forgetGate().getDouble(0, 0), 1e-12);
        assertEquals(0.5, layer.steps().get(0).inputGate().getDouble(0, 0), 1e-12);
        assertTrue(layer.finalState().c() != null);
    }
}
