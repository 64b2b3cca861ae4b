package jdl.chapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.rnn.CellType;
import jdl.rnn.GruCell;
import jdl.rnn.LstmCell;
import jdl.rnn.RnnCell;
import jdl.rnn.SequenceRegressor;
import jdl.tasks.AddingProblem;

/** The shared training runs of notebooks 06 and 07: deterministic, and the gate read-out has the documented layout. */
class RnnExperimentsTest {

    @Test
    void addingRunsAreDeterministicAndLearn() {
        RnnExperiments.Adding a = RnnExperiments.adding(CellType.GRU, 10, 16, 150, 1e-2, 1, true);
        RnnExperiments.Adding b = RnnExperiments.adding(CellType.GRU, 10, 16, 150, 1e-2, 1, true);
        assertEquals(a.testMse(), b.testMse(), 0.0);
        assertTrue(a.testMse() < AddingProblem.BASELINE_MSE, "test MSE " + a.testMse());
        assertTrue(a.msPerStep() > 0);
        assertEquals(150, a.history().losses().length);
    }

    @Test
    void addingSetupSeesTheFreshModelBeforeTraining() {
        SequenceRegressor<?>[] seen = new SequenceRegressor<?>[1];
        double[] biasAtSetup = new double[1];
        RnnExperiments.Adding set = RnnExperiments.adding(CellType.LSTM, 10, 8, 40, 1e-2, 1, true, model -> {
            seen[0] = model;
            LstmCell cell = (LstmCell) model.recurrent().cell();
            biasAtSetup[0] = cell.bias().value().getDouble(0, 8);    // first forget-gate bias: 1 before any step
            model.recurrent().truncate(2);
        });
        assertSame(set.model(), seen[0]);
        assertEquals(1.0, biasAtSetup[0], 0.0);
        RnnExperiments.Adding plain = RnnExperiments.adding(CellType.LSTM, 10, 8, 40, 1e-2, 1, true);
        assertNotEquals(plain.testMse(), set.testMse(), "truncating BPTT in setup must change training");
    }

    @Test
    void gatesAreUnitsByTimeForEachGate() {
        Params p = new Params(DataType.FLOAT);
        Rng rng = new Rng(1);
        SequenceRegressor<?> lstm = new SequenceRegressor<>(p, new LstmCell(p, "lstm", 2, 5, rng), 1, rng);
        lstm.forward(AddingProblem.batch(7, 3, new Rng(2), DataType.FLOAT).x(), null);
        Map<String, double[][]> g = RnnExperiments.gates(lstm, 2);
        assertEquals(List.of("input", "forget", "output", "cell"), List.copyOf(g.keySet()));
        assertEquals(5, g.get("forget").length);
        assertEquals(7, g.get("forget")[0].length);
        double f = ((LstmCell.Cache) lstm.recurrent().steps().get(4)).forgetGate().getDouble(2, 3);
        assertEquals(f, g.get("forget")[3][4], 1e-7);

        Params p2 = new Params(DataType.FLOAT);
        SequenceRegressor<?> gru = new SequenceRegressor<>(p2, new GruCell(p2, "gru", 2, 5, rng), 1, rng);
        gru.forward(AddingProblem.batch(7, 3, new Rng(2), DataType.FLOAT).x(), null);
        assertEquals(List.of("update", "reset", "candidate"), List.copyOf(RnnExperiments.gates(gru, 0).keySet()));

        Params p3 = new Params(DataType.FLOAT);
        SequenceRegressor<?> rnn = new SequenceRegressor<>(p3, new RnnCell(p3, "rnn", 2, 5, rng), 1, rng);
        rnn.forward(AddingProblem.batch(7, 3, new Rng(2), DataType.FLOAT).x(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RnnExperiments.gates(rnn, 0));
        assertTrue(e.getMessage().startsWith("model: expected an LSTM or GRU"), e.getMessage());
    }

    @Test
    void markerResponseIsMeanAtMarksMinusMeanElsewhere() {
        double[][] gate = {{1, 0, 0, 1}, {0.5, 0.5, 0.5, 0.5}};
        double[] marker = {1, 0, 0, 1};
        assertArrayEquals(new double[] {1.0, 0.0}, RnnExperiments.markerResponse(gate, marker), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> RnnExperiments.markerResponse(gate, new double[] {0, 0, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> RnnExperiments.markerResponse(gate, new double[] {1, 0, 0}));
    }
}
