package jdl.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import jdl.nn.GradCheck;
import jdl.nn.Optimizer;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.kernels.FastMath;
import jdl.nn.kernels.HostArrays;
import jdl.tasks.CharVocabulary;
import jdl.tasks.ImageRows;

/** Cell types, stacked layers, image rows as sequences, the language model with gated cells, and the fast gate arithmetic. */
class StackedAndTypedCellsTest {

    @Test
    void cellTypesCountTheirParametersAsTheStoreDoes() {
        for (CellType type : CellType.values()) {
            Params p = new Params(DataType.FLOAT);
            type.create(p, "cell", 28, 64, new Rng(1));
            assertEquals(p.count(), type.parameters(28, 64), type.label());
        }
        assertEquals(0.75, (double) CellType.GRU.parameters(28, 64) / CellType.LSTM.parameters(28, 64), 1e-12);
    }

    @Test
    void aStackOfAnLstmAndAGruMatchesFiniteDifferences() {
        Rng rng = new Rng(3);
        Params p = new Params(DataType.DOUBLE);
        RecurrentStack stack = new RecurrentStack(List.of(new LstmCell(p, "lstm", 3, 4, rng), new GruCell(p, "gru", 4, 5, rng)));
        SequenceRegressor<?> model = new SequenceRegressor<>(p, stack, 2, rng);
        INDArray x = GradCheck.randomInput(rng, 4, 3, 3).muli(3);     // inputs of a few units: states well away from 0
        INDArray m = Nd4j.create(new double[][] {{1, 1, 1}, {1, 1, 1}, {1, 0, 1}, {1, 0, 0}});
        INDArray y = GradCheck.randomInput(rng, 3, 2);
        // L = Σ ŷ ⊙ R: gradients of order one, so finite differences in double resolve them to ~1e-9
        GradCheck.Result r = GradCheck.check(p, Map.of(), null, backward -> {
            double loss = model.forward(x, m).mul(y).sumNumber().doubleValue();
            if (backward) {
                model.backward(y);
            }
            return loss;
        }, 0, rng);
        System.out.println("stack: " + r);
        r.assertBelow(1e-6);
        assertEquals(2, stack.depth());
        assertEquals(5, model.recurrent().cell().hiddenSize());
    }

    @Test
    void aStackRejectsMismatchedSizes() {
        Params p = new Params(DataType.DOUBLE);
        Rng rng = new Rng(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RecurrentStack(List.of(new LstmCell(p, "a", 3, 4, rng), new GruCell(p, "b", 5, 5, rng))));
        assertTrue(e.getMessage().contains("cells[1]") && e.getMessage().contains("expected input size 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RecurrentStack.of(CellType.GRU, 0, p, "g", 3, 4, rng));
        RecurrentStack three = RecurrentStack.of(CellType.GRU, 3, p, "g", 3, 4, rng);
        assertEquals(3, three.depth());
        assertEquals(4, three.layers().get(2).cell().inputSize());
    }

    @Test
    void imageRowsBecomeTimeSteps() {
        INDArray images = Nd4j.arange(2 * 6).reshape(2, 6).castTo(DataType.FLOAT);   // two 2×3 images
        INDArray seq = ImageRows.sequences(images, new int[] {1, 0}, 2, 3);
        assertArrayEquals(new long[] {2, 2, 3}, seq.shape());
        // step 1 (the second row) of the first sequence (image 1) holds pixels 9, 10, 11
        assertArrayEquals(new float[] {9, 10, 11}, seq.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all()).toFloatVector());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageRows.sequences(images, new int[] {0}, 3, 3));
        assertTrue(e.getMessage().startsWith("images: expected [n, 9]"), e.getMessage());
    }

    @Test
    void theLanguageModelTrainsWithGatedCells() {
        String text = "the cat sat on the mat. the dog sat on the log. ".repeat(20);
        CharVocabulary v = new CharVocabulary(text);
        int[] ids = v.encode(text);
        for (CellType type : List.of(CellType.LSTM, CellType.GRU)) {
            // (the cells' BPTT is gradient-checked in GatedCellsTest; the model's wiring does not depend on the cell)
            Params p = new Params(DataType.FLOAT);
            CharRnn model = new CharRnn(v, new CharRnnConfig(32, 16, 16, 1e-2, 5, 1, type), p, new Rng(1));
            Optimizer opt = new Optimizer(p, new Adam(1e-2));
            Rng rng = new Rng(5);
            double before = model.bitsPerChar(ids, 800);
            for (int s = 0; s < 150; s++) {
                p.zeroGrad();
                model.loss(CharRnn.randomWindows(ids, 16, 16, rng), true);
                p.clipGradNorm(5);
                opt.step();
            }
            double after = model.bitsPerChar(ids, 800);
            System.out.printf("char %s: %.3f -> %.3f bits/char%n", type, before, after);
            assertTrue(after < 0.5 * before, type + ": " + before + " -> " + after);
            assertEquals(type.parameters(v.size(), 32) + 32L * v.size() + v.size(), p.count());   // cell + output layer
            assertEquals(type, model.config().cell());
        }
        assertThrows(IllegalArgumentException.class, () -> new CharRnnConfig(5, 4, 2, 1e-2, 5, 1, null));
    }

    @Test
    void lstmStepFollowsItsEquations() {
        // one step for one sequence, checked against the equations computed here by hand
        Params p = new Params(DataType.DOUBLE);
        LstmCell cell = new LstmCell(p, "lstm", 2, 3, new Rng(4));
        INDArray xw = GradCheck.randomInput(new Rng(5), 1, 12);
        CellState prev = new CellState(GradCheck.randomInput(new Rng(6), 1, 3), GradCheck.randomInput(new Rng(7), 1, 3));
        LstmCell.Cache s = cell.stepForward(xw, prev);
        INDArray a = xw.add(prev.h().mmul(cell.recurrentWeight().value()));
        for (int j = 0; j < 3; j++) {
            double i = sigmoid(a.getDouble(0, j));
            double f = sigmoid(a.getDouble(0, 3 + j));
            double o = sigmoid(a.getDouble(0, 6 + j));
            double g = Math.tanh(a.getDouble(0, 9 + j));
            double c = f * prev.c().getDouble(0, j) + i * g;
            assertEquals(c, s.c().getDouble(0, j), 1e-14);
            assertEquals(o * Math.tanh(c), s.next().h().getDouble(0, j), 1e-14);
            assertEquals(f, s.forgetGate().getDouble(0, j), 1e-15);
        }
    }

    @Test
    void gruStepFollowsItsEquations() {
        Params p = new Params(DataType.DOUBLE);
        GruCell cell = new GruCell(p, "gru", 2, 3, new Rng(4));
        INDArray xw = GradCheck.randomInput(new Rng(5), 1, 9);
        INDArray hPrev = GradCheck.randomInput(new Rng(6), 1, 3);
        GruCell.Cache s = cell.stepForward(xw, CellState.of(hPrev));
        INDArray hw = hPrev.mmul(cell.recurrentWeight().value());
        for (int j = 0; j < 3; j++) {
            double z = sigmoid(xw.getDouble(0, j) + hw.getDouble(0, j));
            double r = sigmoid(xw.getDouble(0, 3 + j) + hw.getDouble(0, 3 + j));
            double n = Math.tanh(xw.getDouble(0, 6 + j) + r * hw.getDouble(0, 6 + j));
            assertEquals((1 - z) * n + z * hPrev.getDouble(0, j), s.next().h().getDouble(0, j), 1e-14);
            assertEquals(r, s.resetGate().getDouble(0, j), 1e-15);
        }
    }

    @Test
    void theFastTanhIsAccurateOverItsWholeRange() {
        double worst = 0;
        for (double a = 1e-9; a < 30; a *= 1.001) {
            worst = Math.max(worst, Math.abs(FastMath.tanh(a) - Math.tanh(a)) / Math.tanh(a));
            assertEquals(-FastMath.tanh(a), FastMath.tanh(-a), 0.0);
        }
        assertTrue(worst < 1e-14, "worst relative error " + worst);
        assertEquals(0.0, FastMath.tanh(0.0), 0.0);
    }

    @Test
    void rowsRoundTripFloatAndDoubleAndViews() {
        INDArray big = Nd4j.arange(24).reshape(4, 6).castTo(DataType.FLOAT);
        INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3), org.nd4j.linalg.indexing.NDArrayIndex.all());
        double[] v = HostArrays.doubles(view);
        assertEquals(6.0, v[0], 0.0);
        assertEquals(17.0, v[11], 0.0);
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            INDArray back = HostArrays.matrix(v, 2, 6, type);
            assertEquals(type, back.dataType());
            assertEquals(view.castTo(type), back);
        }
        assertThrows(IllegalArgumentException.class, () -> HostArrays.matrix(v, 3, 6, DataType.FLOAT));
    }

    private static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }
}
