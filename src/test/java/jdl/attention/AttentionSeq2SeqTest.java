package jdl.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import jdl.nn.GradCheck;
import jdl.nn.Optimizer;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.Trainer;
import jdl.tasks.Batch;
import jdl.tasks.NumberPairs;

/** The encoder–decoder: gradient check of the whole loss, beam width 1 = greedy, config validation. */
class AttentionSeq2SeqTest {

    /** Two sources of different lengths (3 and 5 tokens), so the masks matter. */
    private static final List<NumberPairs.Pair> PAIRS = List.of(NumberPairs.pair(42), NumberPairs.pair(1305));

    /**
     * Central differences with ε = 1e-4: the truncation error O(ε²) stays far below 1e-6 relative, while the
     * rounding noise of the mean loss (about 1e-15) divided by 2ε stays below 1e-6 of the smallest gradients
     * checked (about 5e-6); with ε = 1e-6 that noise alone reaches 1e-5 relative.
     */
    private static final double EPS = 1e-4;

    private static Seq2Seq tiny(Seq2SeqConfig.Context context, Seq2SeqConfig.Cell cell, Params p) {
        return new Seq2Seq(NumberPairs.sourceVocabulary(), NumberPairs.targetVocabulary(),
                new Seq2SeqConfig(context, cell, 3, 4, 3, 4, 1e-2, 5, 11), p);
    }

    private static void gradientCheck(Seq2SeqConfig.Context context, Seq2SeqConfig.Cell cell) {
        Params p = new Params(DataType.DOUBLE);
        Seq2Seq model = tiny(context, cell, p);
        Batch b = Batch.of(PAIRS, model.sourceVocabulary(), model.targetVocabulary(), DataType.DOUBLE);
        // few tokens, so that the mean loss's gradients are not tiny next to its rounding error
        p.zeroGrad();
        model.loss(b, true);
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> values = new java.util.LinkedHashMap<>();
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> grads = new java.util.LinkedHashMap<>();
        p.list().forEach(q -> {
            values.put(q.name(), q.value());
            grads.put(q.name(), q.grad().dup());
        });
        GradCheck.Result r = GradCheck.compare(values, grads, () -> model.loss(b, false), EPS, 12, new Rng(5));
        System.out.println(context + " " + cell + ": " + r);
        r.assertBelow(1e-6);
    }

    @Test
    void additiveAttentionModelPassesTheGradientCheck() {
        gradientCheck(Seq2SeqConfig.Context.ADDITIVE, Seq2SeqConfig.Cell.GRU);
    }

    @Test
    void fixedContextModelPassesTheGradientCheck() {
        gradientCheck(Seq2SeqConfig.Context.FIXED, Seq2SeqConfig.Cell.GRU);
    }

    @Test
    void dotAttentionLstmModelPassesTheGradientCheck() {
        gradientCheck(Seq2SeqConfig.Context.DOT, Seq2SeqConfig.Cell.LSTM);
    }

    @Test
    void beamWidthOneEqualsGreedyAndWiderBeamsScoreAtLeastAsHigh() {
        Params p = new Params(DataType.FLOAT);
        Seq2Seq model = new Seq2Seq(NumberPairs.sourceVocabulary(), NumberPairs.targetVocabulary(),
                new Seq2SeqConfig(Seq2SeqConfig.Context.ADDITIVE, Seq2SeqConfig.Cell.GRU, 8, 16, 8, 16, 1e-2, 5, 3), p);
        NumberPairs.Split split = NumberPairs.split(4, 300, 40, 9);
        Rng rng = new Rng(4);
        new Trainer(new Optimizer(p, new Adam(1e-2))).quiet().fit("tiny", 30, s -> model.loss(
                Batch.sample(split.train(), 16, rng, split.source(), split.target(), DataType.FLOAT), true));
        Batch test = Batch.of(split.test(), split.source(), split.target(), DataType.FLOAT);
        Seq2Seq.Decoded greedy = model.greedy(test, 12);
        Seq2Seq.Decoded beam1 = model.beam(test, 1, 12);
        Seq2Seq.Decoded beam4 = model.beam(test, 4, 12);
        int better = 0;
        for (int i = 0; i < test.size(); i++) {
            assertArrayEquals(greedy.tokens()[i], beam1.tokens()[i], "sequence " + i);
            assertEquals(greedy.logProbs()[i], beam1.logProbs()[i], 1e-9, "sequence " + i);
            assertEquals(greedy.tokens()[i].length + 1, greedy.attention()[i].length, "one α row per output and EOS");
            better += beam4.logProbs()[i] >= greedy.logProbs()[i] - 1e-9 ? 1 : 0;
        }
        // not guaranteed for every sequence (the greedy path can fall out of the beam), but for most
        assertTrue(better >= 0.8 * test.size(), better + " of " + test.size() + " beam-4 results score at least as high as greedy");
    }

    @Test
    void configNamesTheBadField() {
        AttentionLayerTest.rejects(() -> new Seq2SeqConfig(Seq2SeqConfig.Context.FIXED, Seq2SeqConfig.Cell.GRU, 0, 4, 3, 4,
                1e-2, 5, 1), "embedding", "got 0");
        AttentionLayerTest.rejects(() -> new Seq2SeqConfig(null, Seq2SeqConfig.Cell.GRU, 3, 4, 3, 4, 1e-2, 5, 1), "context");
        AttentionLayerTest.rejects(() -> new Seq2SeqConfig(Seq2SeqConfig.Context.FIXED, Seq2SeqConfig.Cell.GRU, 3, 4, 3, 4,
                2, 5, 1), "learningRate", "got 2");
        Params p = new Params(DataType.FLOAT);
        Seq2Seq model = tiny(Seq2SeqConfig.Context.ADDITIVE, Seq2SeqConfig.Cell.GRU, p);
        Batch sourcesOnly = Batch.sources(List.of(List.of("forty", "-", "two")), model.sourceVocabulary(), DataType.FLOAT);
        AttentionLayerTest.rejects(() -> model.loss(sourcesOnly, false), "b", "targets");
        AttentionLayerTest.rejects(() -> model.beam(sourcesOnly, 0, 5), "width", "got 0");
    }
}
