package jdl.chapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import jdl.nn.Budget;
import jdl.nn.History;
import jdl.nn.Params;
import jdl.nn.TimedRun;
import jdl.nn.TrainingDiverged;
import jdl.tasks.NumberPairs;
import jdl.transformer.Positions;
import jdl.transformer.TransformerConfig;
import jdl.transformer.TransformerLM;
import jdl.transformer.TransformerSeq2Seq;

/** The runs of notebooks 12 and 12b: crossings found where they are, alignment scored, budgets kept, vectors compared. */
class TransformerExperimentsTest {

    @Test
    void crossingsPairTheHyphenWithUnd() {
        List<NumberPairs.Pair> pairs = List.of(NumberPairs.pair(42), NumberPairs.pair(204), NumberPairs.pair(42_042));
        assertEquals(List.of("forty", "-", "two"), pairs.get(0).source());
        assertEquals(List.of("zwei", "und", "vierzig"), pairs.get(0).target());
        List<TransformerExperiments.Crossing> c = TransformerExperiments.crossings(pairs);
        assertEquals(3, c.size(), c.toString());                       // 42: one, 204: none, 42,042: two
        assertEquals(new TransformerExperiments.Crossing(0, 0, 2, 0, 2), c.get(0));
        // forty - two thousand forty - two  ->  zwei und vierzig tausend zwei und vierzig
        assertEquals(new TransformerExperiments.Crossing(2, 0, 2, 0, 2), c.get(1));
        assertEquals(new TransformerExperiments.Crossing(2, 4, 6, 4, 6), c.get(2));
    }

    @Test
    void crossingAccuracyCountsArgmaxRows() {
        List<TransformerExperiments.Crossing> c = TransformerExperiments.crossings(List.of(NumberPairs.pair(42)));
        double[][] aligned = {{0.1, 0.1, 0.8}, {0.2, 0.6, 0.2}, {0.7, 0.2, 0.1}, {0.3, 0.3, 0.4}};   // zwei→two, vierzig→forty
        double[][] monotone = {{0.8, 0.1, 0.1}, {0.2, 0.6, 0.2}, {0.1, 0.2, 0.7}, {0.3, 0.3, 0.4}};  // left to right
        double[][] half = {{0.1, 0.1, 0.8}, {0.2, 0.6, 0.2}, {0.1, 0.2, 0.7}, {0.3, 0.3, 0.4}};
        assertEquals(1.0, TransformerExperiments.crossingAccuracy(c, k -> aligned), 0.0);
        assertEquals(0.0, TransformerExperiments.crossingAccuracy(c, k -> monotone), 0.0);
        assertEquals(0.5, TransformerExperiments.crossingAccuracy(c, k -> half), 0.0);
        assertThrows(IllegalArgumentException.class, () -> TransformerExperiments.crossingAccuracy(List.of(), k -> aligned));
    }

    @Test
    void translationRunsAreDeterministicAndScoredPerHead() {
        NumberPairs.Split split = NumberPairs.split(4, 300, 40, 3);
        TransformerConfig config = new TransformerConfig(16, 2, 1, 32, 16, Positions.SINUSOIDAL, 0.0, 5);
        double[] losses = null;
        TransformerSeq2Seq model = null;
        for (int run = 0; run < 2; run++) {
            model = new TransformerSeq2Seq(split.source(), split.target(), config, new Params(DataType.FLOAT));
            History h = TransformerExperiments.translation(model, split.train(), 4, 8, 1e-3, 1, 1.0, 8, true);
            if (losses != null) {
                assertArrayEquals(losses, h.losses(), 0.0);
            }
            losses = h.losses();
        }
        assertEquals(4, losses.length);
        double[][] byHead = TransformerExperiments.crossingAccuracyByHead(model, split.test());
        assertEquals(1, byHead.length);
        assertEquals(2, byHead[0].length);
        for (double v : byHead[0]) {
            assertTrue(v >= 0 && v <= 1, "accuracy " + v);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransformerExperiments.translation(null, split.train(), 4, 8, 1e-3, 4, 1.0, 8, true));
        assertTrue(e.getMessage().startsWith("steps, batchSize, warmup"), e.getMessage());
    }

    @Test
    void timedRunsAreDeterministicMeasureCpuTimeAndLearn() {
        int[] ids = new int[600];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 3;                                        // "abcabc…": fully predictable after one character
        }
        TransformerConfig config = new TransformerConfig(8, 2, 1, 16, 8, Positions.LEARNED, 0.0, 1);
        TimedRun<TransformerLM> run = TransformerExperiments.charTransformer(3, config, 8, 1e-2, 2, 1.0,
                2, ids, ids, 200, Budget.steps(30), 3);
        TimedRun<TransformerLM> again = TransformerExperiments.charTransformer(3, config, 8, 1e-2, 2, 1.0,
                2, ids, ids, 200, Budget.steps(30), 3);
        assertArrayEquals(new int[] {0, 10, 20, 30}, run.steps());
        assertArrayEquals(run.scores(), again.scores(), 0.0);
        assertArrayEquals(run.losses(), again.losses(), 0.0);
        assertEquals(0.0, run.seconds()[0], 0.0);
        assertTrue(run.seconds()[1] > 0 && run.seconds()[2] > run.seconds()[1] && run.totalSeconds() > run.seconds()[2],
                java.util.Arrays.toString(run.seconds()));
        assertEquals(30, run.losses().length);
        assertTrue(run.finalScore() < run.scores()[0] - 0.5, java.util.Arrays.toString(run.scores()));
        assertEquals(1000 * run.totalSeconds() / 30, run.msPerStep(), 1e-9);

        Params p = new Params(DataType.FLOAT);
        TransformerLM lm = new TransformerLM(3, config, p);
        TrainingDiverged d = assertThrows(TrainingDiverged.class, () -> TimedRun.train("nan", lm, p,
                new Adam(1e-3), 1.0, Budget.steps(5), 1, s -> Double.NaN, () -> 0.0));
        assertTrue(d.getMessage().contains("step 1"), d.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimedRun.train("x", lm, p, new Adam(1e-3), 1.0, Budget.steps(2), 3,
                s -> 0.0, () -> 0.0));
        assertThrows(IllegalArgumentException.class, () -> Budget.cpuSeconds(0));
        assertThrows(IllegalArgumentException.class, () -> new Budget(3, 1.0));

        // a time budget stops once the thread's CPU time passes it, and evaluates at its fractions
        TimedRun<TransformerLM> timed = TransformerExperiments.charTransformer(3, config, 8, 1e-2, 2, 1.0,
                2, ids, ids, 200, Budget.cpuSeconds(0.3), 3);
        assertTrue(timed.totalSeconds() >= 0.3 && timed.seconds()[1] >= 0.1 && timed.seconds()[2] >= 0.2,
                java.util.Arrays.toString(timed.seconds()));
        assertTrue(timed.totalSteps() > 0 && timed.losses().length == timed.totalSteps(), timed.totalSteps() + " steps");
    }

    @Test
    void meanHiddenStateAveragesEveryPositionAndMinusSubtracts() {
        TransformerLM lm = new TransformerLM(5, new TransformerConfig(8, 2, 1, 16, 4, Positions.LEARNED, 0.0, 3),
                new Params(DataType.DOUBLE));
        int[] ids = {0, 1, 2, 3, 4, 0, 1, 2, 3};
        double[][] a = lm.hiddenStates(new int[] {0, 1, 2, 3});
        double[][] b = lm.hiddenStates(new int[] {4, 0, 1, 2});
        double[] mean = TransformerExperiments.meanHiddenState(lm, ids, 2);
        for (int i = 0; i < 8; i++) {
            double expected = 0;
            for (int t = 0; t < 4; t++) {
                expected += (a[t][i] + b[t][i]) / 8;
            }
            assertEquals(expected, mean[i], 1e-12);
        }
        assertArrayEquals(new double[] {0.5, -1}, TransformerExperiments.minus(new double[][] {{1, 1}}, new double[] {0.5, 2})[0], 0.0);
        assertThrows(IllegalArgumentException.class, () -> TransformerExperiments.meanHiddenState(lm, ids, 3));
    }

    @Test
    void bitsPerCharIsTheLossOfConsecutiveWindowsInBits() {
        TransformerLM lm = new TransformerLM(5, new TransformerConfig(8, 2, 1, 16, 4, Positions.LEARNED, 0.0, 3),
                new Params(DataType.DOUBLE));
        int[] ids = {0, 1, 2, 3, 4, 0, 1, 2, 3, 4};                   // two windows of 4 (+1), one id left over
        int[][] windows = {{0, 1, 2, 3, 4}, {4, 0, 1, 2, 3}};
        double expected = lm.loss(TransformerExperiments.inputs(windows), TransformerExperiments.targets(windows), false) / Math.log(2);
        assertEquals(expected, TransformerExperiments.bitsPerChar(lm, ids, 100), 1e-12);
        assertArrayEquals(new int[] {1, 2, 3, 4}, TransformerExperiments.targets(windows)[0]);
        assertThrows(IllegalArgumentException.class, () -> TransformerExperiments.bitsPerChar(lm, new int[] {1, 2}, 100));
    }

    @Test
    void cosinesAndContexts() {
        double[][] v = {{1, 0}, {0, 2}, {3, 3}};
        double[][] c = TransformerExperiments.cosineSimilarities(v);
        assertEquals(1.0, c[2][2], 1e-12);
        assertEquals(0.0, c[0][1], 1e-12);
        assertEquals(Math.sqrt(0.5), c[0][2], 1e-12);
        assertEquals((0 + 2 * Math.sqrt(0.5)) / 3, TransformerExperiments.meanOffDiagonal(c), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> TransformerExperiments.cosine(new double[2], new double[3]));

        String text = "a cat. the cat sat. concat cats, my cat!";
        // "a cat" ends too early for 6 characters; "concat" and "cats" are not the whole word
        assertEquals(List.of("he cat", "my cat"), TransformerExperiments.contextsEndingWith(text, "cat", 6, 5));
        assertEquals(List.of("he cat"), TransformerExperiments.contextsEndingWith(text, "cat", 6, 1));
        assertThrows(IllegalArgumentException.class, () -> TransformerExperiments.contextsEndingWith(text, "cat", 3, 1));
    }
}
