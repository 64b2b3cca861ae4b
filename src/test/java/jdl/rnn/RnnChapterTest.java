package jdl.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import jdl.nn.GradCheck;
import jdl.nn.MeanSquaredError;
import jdl.nn.Optimizer;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.tasks.AddingProblem;
import jdl.tasks.CharVocabulary;

/** The pieces the RNN chapter builds on: vocabulary, spectra, the adding problem, the char model. */
class RnnChapterTest {

    @Test
    void vocabularyRoundTripsAndMeasuresTheUnigramEntropy() {
        CharVocabulary v = new CharVocabulary("abracadabra");
        assertEquals(5, v.size());
        assertEquals("cadabra", v.decode(v.encode("cadabra")));
        assertArrayEquals(new int[] {0, 1, 4}, v.encode("abr"));
        // a: 5/11, b: 2/11, r: 2/11, c: 1/11, d: 1/11
        double h = -(5.0 / 11 * log2(5.0 / 11) + 2 * 2.0 / 11 * log2(2.0 / 11) + 2 * 1.0 / 11 * log2(1.0 / 11));
        assertEquals(h, v.unigramEntropyBits(v.encode("abracadabra")), 1e-12);
        assertEquals("text: character 'z' (U+007A) at position 1 is not in the vocabulary of 5 characters",
                assertThrows(IllegalArgumentException.class, () -> v.encode("az")).getMessage());
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void spectralRadiusOfKnownMatrices() {
        INDArray rotation = Nd4j.create(new double[][] {{0, -2}, {2, 0}});   // eigenvalues ±2i
        assertEquals(2.0, Spectra.spectralRadius(rotation), 1e-12);
        INDArray w = GradCheck.randomInput(new Rng(1), 16, 16);
        Spectra.scaleToRadius(w, 0.9);
        assertEquals(0.9, Spectra.spectralRadius(w), 1e-9);
    }

    @Test
    void addingProblemHasTwoMarkersAndTheirSumAsTarget() {
        AddingProblem.Batch b = AddingProblem.batch(10, 50, new Rng(2), DataType.DOUBLE);
        assertArrayEquals(new long[] {10, 50, 2}, b.x().shape());
        for (int i = 0; i < 50; i++) {
            double sum = 0;
            int markers = 0;
            for (int t = 0; t < 10; t++) {
                if (b.x().getDouble(t, i, 1) == 1) {
                    markers++;
                    sum += b.x().getDouble(t, i, 0);
                }
            }
            assertEquals(2, markers);
            assertEquals(sum, b.y().getDouble(i, 0), 1e-12);
        }
        // answering 1 everywhere gives MSE ≈ 1/6
        AddingProblem.Batch big = AddingProblem.batch(4, 20_000, new Rng(3), DataType.DOUBLE);
        assertEquals(AddingProblem.BASELINE_MSE, big.y().sub(1).norm2Number().doubleValue()
                * big.y().sub(1).norm2Number().doubleValue() / 20_000, 0.005);
    }

    @Test
    void sequenceRegressorGradientsMatchFiniteDifferences() {
        Rng rng = new Rng(4);
        Params p = new Params(DataType.DOUBLE);
        SequenceRegressor<RnnCell.Cache> model = new SequenceRegressor<>(p, new RnnCell(p, "rnn", 2, 5, rng), 1, rng);
        AddingProblem.Batch b = AddingProblem.batch(6, 3, rng, DataType.DOUBLE);
        MeanSquaredError mse = new MeanSquaredError();
        GradCheck.check(p, Map.of(), null, backward -> {
            double l = mse.forward(model.forward(b.x(), null), b.y());
            if (backward) {
                model.backward(mse.backward());
            }
            return l;
        }, 0, rng).assertBelow(1e-6);
    }

    @Test
    void charRnnGradientsMatchAndTrainingLowersTheLoss() {
        String text = "the cat sat on the mat. the dog sat on the log. ".repeat(20);
        CharVocabulary v = new CharVocabulary(text);
        int[] ids = v.encode(text);
        Params pd = new Params(DataType.DOUBLE);
        CharRnn small = new CharRnn(v, new CharRnnConfig(6, 5, 2, 1e-2, 5, 1), pd, new Rng(1));
        int[][] windows = CharRnn.randomWindows(ids, 2, 5, new Rng(2));
        GradCheck.check(pd, Map.of(), null, backward -> small.loss(windows, backward), 40, new Rng(3)).assertBelow(1e-6);

        Params p = new Params(DataType.FLOAT);
        CharRnn model = new CharRnn(v, new CharRnnConfig(32, 16, 16, 1e-2, 5, 1), p, new Rng(1));
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
        System.out.printf("char rnn: %.3f -> %.3f bits/char; sample: %s%n", before, after,
                model.sample("the ", 30, 0.5, new Rng(6)));
        assertTrue(after < 0.5 * before, before + " -> " + after);
        assertEquals(34, model.sample("the ", 30, 1.0, new Rng(7)).length());
    }
}
