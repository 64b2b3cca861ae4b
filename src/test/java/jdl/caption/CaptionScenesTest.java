package jdl.caption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.data.ImageSet;
import jdl.tasks.CaptionBatch;
import jdl.tasks.Scenes;
import jdl.tasks.Vocabulary;

/** Scenes: captions in reading order with the items' regions, pixels in the right cells, batches, bad input. */
class CaptionScenesTest {

    /** Ten fake 28×28 items: item k has every pixel = (k + 1) / 10 and label k. */
    static ImageSet fakeItems() {
        float[] pixels = new float[10 * 784];
        int[] labels = new int[10];
        for (int k = 0; k < 10; k++) {
            labels[k] = k;
            for (int p = 0; p < 784; p++) {
                pixels[k * 784 + p] = (k + 1) / 10f;
            }
        }
        return new ImageSet(Nd4j.create(pixels, new long[] {10, 784}, DataType.FLOAT), labels, 28, 28,
                jdl.data.FashionMnist.CLASS_NAMES);
    }

    @Test
    void captionNamesItemsInReadingOrderWithTheirRegions() {
        assertEquals(List.of("top", "left", ":", "bag", ".", "bottom", "right", ":", "sneaker"),
                Scenes.caption(new int[] {8, -1, -1, 7}));
        assertEquals(List.of("top", "right", ":", "tshirt"), Scenes.caption(new int[] {-1, 0, -1, -1}));
    }

    @Test
    void generatedScenesPutEachItemInItsCell() {
        Scenes s = Scenes.generate(fakeItems(), 50, 2, 3, 7);
        assertEquals(50, s.size());
        double[] all = jdl.nn.Shapes.doubles(s.images());
        for (int k = 0; k < s.size(); k++) {
            int items = 0;
            for (int r = 0; r < 4; r++) {
                int label = s.cells()[k][r];
                items += label >= 0 ? 1 : 0;
                double expected = label < 0 ? 0 : (label + 1) / 10.0;
                int y = (r / 2) * 28 + 13;
                int x = (r % 2) * 28 + 13;
                assertEquals(expected, all[k * 3136 + y * 56 + x], 1e-6);
            }
            assertTrue(items >= 2 && items <= 3);
            assertEquals(Scenes.caption(s.cells()[k]), s.captions().get(k));
            int[] reg = s.regions().get(k);
            for (int t = 0; t < reg.length; t++) {
                if (reg[t] >= 0) {
                    assertEquals(Scenes.ITEMS.get(s.cells()[k][reg[t]]), s.captions().get(k).get(t));
                }
            }
            assertArrayEquals(CaptionMetrics.namedRegions(s.captions().get(k)), reg);
        }
        // seeded
        assertEquals(s.captions(), Scenes.generate(fakeItems(), 50, 2, 3, 7).captions());
    }

    @Test
    void regionPixelsCutTheCanvasIntoCellsAndBatchesPadCaptions() {
        Scenes s = Scenes.generate(fakeItems(), 20, 1, 4, 3);
        INDArray regions = s.regionPixels(new int[] {4, 5}, DataType.DOUBLE);
        assertArrayEquals(new long[] {2, 4, 784}, regions.shape());
        for (int r = 0; r < 4; r++) {
            int label = s.cells()[5][r];
            assertEquals(label < 0 ? 0 : (label + 1) / 10.0, regions.getDouble(1, r, 400), 1e-6);
        }
        Vocabulary v = Scenes.vocabulary();
        assertEquals(19, v.size());
        CaptionBatch b = CaptionBatch.of(s, new int[] {4, 5}, v, DataType.DOUBLE);
        int longest = Math.max(s.captions().get(4).size(), s.captions().get(5).size()) + 1;
        assertEquals(longest, b.targetLength());
        assertEquals(Vocabulary.BOS, b.targetInput()[0]);
        assertEquals(v.id(s.captions().get(4).get(0)), b.targetOutput()[0]);
        assertEquals(s.captions().get(4).size() + s.captions().get(5).size() + 2, b.targetMask().sumNumber().intValue());
    }

    @Test
    void attentionOverlayBrightensTheWeightedRegion() {
        Scenes s = Scenes.generate(fakeItems(), 1, 1, 1, 1);
        INDArray o = Scenes.attentionOverlay(s.images().getRow(0), new double[][] {{0, 0, 0, 1}});
        assertArrayEquals(new long[] {1, 3136}, o.shape());
        assertEquals(0.65, o.getDouble(0, 55 * 56 + 55) - 0.35 * s.images().getDouble(0, 55 * 56 + 55), 1e-6);
    }

    @Test
    void badInputNamesTheArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scenes.generate(fakeItems(), 10, 3, 5, 1));
        assertTrue(e.getMessage().startsWith("minItems, maxItems") && e.getMessage().contains("3 and 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scenes.caption(new int[] {-1, -1, -1, -1}));
        assertTrue(e.getMessage().startsWith("cellLabels"), e.getMessage());
    }
}
