package jdl.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.GradCheck;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.tasks.CaptionBatch;
import jdl.tasks.Scenes;

/** The captioner: gradient check of the whole loss (attention and mean baseline), decoding, bad input. */
class CaptionerTest {

    /**
     * Central differences with ε = 1e-4, as in the translation model's test: the mean loss's rounding noise
     * divided by 2ε stays below 1e-6 of the gradients checked, the truncation error O(ε²) too.
     */
    private static final double EPS = 1e-4;

    private static CaptionConfig tiny(CaptionConfig.Context context) {
        return new CaptionConfig(context, CaptionConfig.Order.ATTEND_AFTER, 3, 5, 4, 3, 2, 1e-2, 5, 11);
    }

    /** Two scenes with captions of different lengths (1 and 3 items), so the padding matters. */
    private static CaptionBatch batch() {
        Scenes s = Scenes.generate(CaptionScenesTest.fakeItems(), 30, 1, 3, 5);
        int one = -1;
        int three = -1;
        for (int k = 0; k < s.size(); k++) {
            int items = (s.captions().get(k).size() + 1) / 5;
            if (items == 1 && one < 0) {
                one = k;
            }
            if (items == 3 && three < 0) {
                three = k;
            }
        }
        // random pixels instead of constant cells: every encoder weight gets a gradient
        CaptionBatch b = CaptionBatch.of(s, new int[] {one, three}, Scenes.vocabulary(), DataType.DOUBLE);
        INDArray noisy = b.regions().add(GradCheck.randomInput(new Rng(3), 2, 4, 784).muli(0.3));
        return new CaptionBatch(b.size(), noisy, b.targetInput(), b.targetOutput(), b.targetMask(), b.targetLength());
    }

    private static void gradientCheck(CaptionConfig config) {
        Params p = new Params(DataType.DOUBLE);
        Captioner model = new Captioner(Scenes.vocabulary(), config, p);
        CaptionBatch b = batch();
        p.zeroGrad();
        model.loss(b, true);
        Map<String, INDArray> values = new LinkedHashMap<>();
        Map<String, INDArray> grads = new LinkedHashMap<>();
        p.list().forEach(q -> {
            values.put(q.name(), q.value());
            grads.put(q.name(), q.grad().dup());
        });
        GradCheck.Result r = GradCheck.compare(values, grads, () -> model.loss(b, false), EPS, 12, new Rng(5));
        System.out.println(config.context() + " " + config.order() + ": " + r);
        r.assertBelow(1e-6);
    }

    @Test
    void attentionCaptionerPassesTheGradientCheck() {
        gradientCheck(tiny(CaptionConfig.Context.ATTENTION));
    }

    @Test
    void meanPooledBaselinePassesTheGradientCheck() {
        gradientCheck(tiny(CaptionConfig.Context.MEAN));
    }

    @Test
    void showAttendTellOrderPassesTheGradientCheck() {
        gradientCheck(tiny(CaptionConfig.Context.ATTENTION).withOrder(CaptionConfig.Order.SHOW_ATTEND_TELL));
        gradientCheck(tiny(CaptionConfig.Context.MEAN).withOrder(CaptionConfig.Order.SHOW_ATTEND_TELL));
    }

    @Test
    void greedyDecodingGivesAttentionRowsThatSumToOne() {
        Captioner model = new Captioner(Scenes.vocabulary(), tiny(CaptionConfig.Context.ATTENTION), new Params(DataType.DOUBLE));
        CaptionBatch b = batch();
        Captioner.Decoded d = model.greedy(b.regions(), 6);
        assertEquals(2, d.tokens().length);
        for (int k = 0; k < 2; k++) {
            assertTrue(d.tokens()[k].length <= 6);
            for (double[] row : d.attention()[k]) {
                assertEquals(4, row.length);
                assertEquals(1.0, row[0] + row[1] + row[2] + row[3], 1e-12);
            }
        }
        double[][][] forced = model.forcedAttention(b);
        assertEquals(b.targetLength(), forced[0].length);
        Captioner baseline = new Captioner(Scenes.vocabulary(), tiny(CaptionConfig.Context.MEAN), new Params(DataType.DOUBLE));
        assertNull(baseline.greedy(b.regions(), 3).attention());
        assertNull(baseline.forcedAttention(b));
    }

    @Test
    void badInputNamesTheArgumentAndShapes() {
        Captioner model = new Captioner(Scenes.vocabulary(), tiny(CaptionConfig.Context.ATTENTION), new Params(DataType.DOUBLE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.greedy(Nd4j.zeros(DataType.DOUBLE, 2, 3, 784), 5));
        assertTrue(e.getMessage().startsWith("regions: expected shape [batch, 4, 784], got [2, 3, 784]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CaptionConfig(CaptionConfig.Context.MEAN, CaptionConfig.Order.ATTEND_AFTER, 3, 0, 4, 3, 2, 1e-2, 5, 1));
        assertTrue(e.getMessage().startsWith("features: expected at least 1, got 0"), e.getMessage());
    }
}
