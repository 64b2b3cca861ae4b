package jdl.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import jdl.attention.Seq2Seq;
import jdl.nn.Optimizer;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.Schedules;
import jdl.nn.Trainer;
import jdl.tasks.Batch;
import jdl.transformer.SequenceTask;

/** The two models: whole-loss gradient checks, permutation equivariance, causality, determinism, learning. */
class TransformerModelsTest {

    private static final SequenceTask REVERSE = new SequenceTask(SequenceTask.Kind.REVERSE, 5, 2, 4, 20, 3);

    private static TransformerConfig tiny(Positions positions) {
        return new TransformerConfig(4, 2, 1, 8, 10, positions, 0.0, 5);
    }

    @Test
    void seq2SeqLossPassesTheGradientCheckForEveryParameter() {
        for (Positions positions : new Positions[] {Positions.LEARNED, Positions.SINUSOIDAL}) {
            Params p = new Params(DataType.DOUBLE);
            TransformerSeq2Seq model = new TransformerSeq2Seq(REVERSE.vocabulary(), REVERSE.vocabulary(),
                    tiny(positions).withDropout(0), p);
            Batch b = REVERSE.batch(List.of(new int[] {1, 2, 3, 4}, new int[] {0, 4}), DataType.DOUBLE);   // padding
            TransformerChecks.check("seq2seq " + positions, p, Map.of(), null, backward -> model.loss(b, backward), 4, new Rng(1));
        }
    }

    @Test
    void languageModelLossWithALossMaskPassesTheGradientCheck() {
        Params p = new Params(DataType.DOUBLE);
        TransformerLM lm = new TransformerLM(REVERSE.lmVocabulary(), tiny(Positions.LEARNED), p);
        SequenceTask.LmBatch b = REVERSE.lmBatch(List.of(new int[] {1, 2, 3}, new int[] {4, 0, 2, 2}));
        boolean[][] mask = {{true, true, false, true, true, true, true, true}, {true, true, true, true, true, false, true, true}};
        TransformerChecks.check("language model", p, Map.of(), null, backward -> lm.loss(b.inputs(), b.targets(), mask, backward),
                4, new Rng(2));
    }

    @Test
    void withoutPositionsTheEncoderIsPermutationEquivariant() {
        Params p = new Params(DataType.DOUBLE);
        TransformerConfig config = new TransformerConfig(8, 2, 2, 16, 10, Positions.NONE, 0.0, 4);
        TransformerSeq2Seq model = new TransformerSeq2Seq(REVERSE.vocabulary(), REVERSE.vocabulary(), config, p);
        List<String> x = List.of("0", "3", "1", "4", "2");
        int[] perm = {3, 0, 4, 2, 1};
        List<String> permuted = List.of(x.get(perm[0]), x.get(perm[1]), x.get(perm[2]), x.get(perm[3]), x.get(perm[4]));
        double[][] out = model.encoderOutput(x);
        double[][] outPermuted = model.encoderOutput(permuted);
        for (int i = 0; i < perm.length; i++) {
            assertArrayEquals(out[perm[i]], outPermuted[i], 1e-12, "row " + i);
        }
        // with positions the same permutation does not just permute the rows
        TransformerSeq2Seq withPositions = new TransformerSeq2Seq(REVERSE.vocabulary(), REVERSE.vocabulary(),
                config.withPositions(Positions.SINUSOIDAL), new Params(DataType.DOUBLE));
        double[][] a = withPositions.encoderOutput(x);
        double[][] b = withPositions.encoderOutput(permuted);
        assertTrue(Math.abs(a[perm[0]][0] - b[0][0]) > 1e-3, "positions break the symmetry");
    }

    @Test
    void theLanguageModelIsCausal() {
        Params p = new Params(DataType.DOUBLE);
        TransformerLM lm = new TransformerLM(9, new TransformerConfig(8, 2, 2, 16, 10, Positions.SINUSOIDAL, 0.0, 6), p);
        int[] a = {3, 4, 5, 6, 7, 8};
        int[] b = {3, 4, 5, 1, 2, 0};   // differs after position 2
        double[][] ha = lm.hiddenStates(a);
        double[][] hb = lm.hiddenStates(b);
        for (int t = 0; t <= 2; t++) {
            assertArrayEquals(ha[t], hb[t], 1e-12, "position " + t);
        }
        assertFalse(Math.abs(ha[3][0] - hb[3][0]) < 1e-9, "position 3 sees the changed token");
        double[][][][] w = lm.attention(0);
        assertEquals(0.0, w[1][0][2][3], 0.0);
        assertEquals(2, w.length);
        assertEquals(8, lm.tokenEmbedding(4).length);
    }

    private static double[] trainLm(long seed, int steps) {
        Params p = new Params(DataType.FLOAT);
        TransformerConfig config = new TransformerConfig(32, 4, 2, 64, REVERSE.lmLength(), Positions.SINUSOIDAL, 0.0, seed);
        TransformerLM lm = new TransformerLM(REVERSE.lmVocabulary(), config, p);
        Rng rng = new Rng(seed);
        double[] losses = new Trainer(new Optimizer(p, new Adam(Schedules.warmupCosine(3e-3, Math.min(20, steps - 1), steps, 0.1))))
                .quiet().clipGradNorm(1.0).fit("reverse", steps, s -> {
                    SequenceTask.LmBatch b = REVERSE.lmBatch(REVERSE.training(64, rng));
                    return lm.loss(b.inputs(), b.targets(), true);
                }).losses();
        double test = REVERSE.exactMatch(lm, REVERSE.test());
        return new double[] {losses[0], losses[losses.length - 1], test};
    }

    @Test
    void theLanguageModelLearnsToReverseAndTheSameSeedGivesTheSameNumbers() {
        double[] first = trainLm(7, 250);
        System.out.printf("LM reverse: loss %.3f -> %.4f, held-out exact match %.3f%n", first[0], first[1], first[2]);
        assertTrue(first[1] < first[0] / 5, "loss should fall by 5x: " + first[0] + " -> " + first[1]);
        double[] again = trainLm(7, 5);
        double[] once = trainLm(7, 5);
        assertArrayEquals(once, again, 0.0, "same seed, same numbers");
    }

    @Test
    void greedyDecodingReturnsTheRecurrentModelsTypesAndMaps() {
        Params p = new Params(DataType.FLOAT);
        TransformerSeq2Seq model = new TransformerSeq2Seq(REVERSE.vocabulary(), REVERSE.vocabulary(), tiny(Positions.SINUSOIDAL), p);
        Batch b = REVERSE.batch(List.of(new int[] {1, 2, 3, 4}, new int[] {0, 4}), DataType.FLOAT);
        Seq2Seq.Decoded d = model.greedy(b, 5);
        assertEquals(2, d.tokens().length);
        assertEquals(4, d.attention()[0][0].length);
        for (double[] row : d.attention()[1]) {
            assertEquals(0.0, row[2] + row[3], 0.0, "padding gets no attention");
            assertEquals(1.0, row[0] + row[1], 1e-5);
        }
        double[][][][] cross = model.crossAttention(0);
        assertEquals(1, cross.length);
        assertEquals(2, cross[0].length);
        assertTrue(REVERSE.exactMatch(model, REVERSE.test()) <= 0.2, "an untrained model does not reverse");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.greedy(b, 11));
        assertTrue(e.getMessage().startsWith("maxLength:"), e.getMessage());
    }

    @Test
    void tasksKeepTheTestSetOutOfTraining() {
        Rng rng = new Rng(1);
        for (int[] x : REVERSE.training(500, rng)) {
            assertFalse(REVERSE.isTest(x));
        }
        assertArrayEquals(new int[] {3, 1, 2}, REVERSE.answer(new int[] {2, 1, 3}));
        SequenceTask sort = new SequenceTask(SequenceTask.Kind.SORT, 5, 3, 3, 5, 1);
        assertArrayEquals(new int[] {1, 2, 3}, sort.answer(new int[] {2, 3, 1}));
        SequenceTask.LmBatch b = sort.lmBatch(List.of(new int[] {2, 3, 1}));
        int sep = jdl.tasks.Vocabulary.BOS;
        assertArrayEquals(new int[] {sort.id(2), sort.id(3), sort.id(1), sep, sort.id(1), sort.id(2)}, b.inputs()[0]);
        assertArrayEquals(new int[] {-1, -1, -1, sort.id(1), sort.id(2), sort.id(3)}, b.targets()[0]);
    }
}
