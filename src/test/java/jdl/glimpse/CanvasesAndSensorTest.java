package jdl.glimpse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import jdl.data.ImageSet;
import jdl.nn.Rng;
import jdl.nn.Shapes;
import jdl.tasks.Canvases;

/** The translated and cluttered canvases (seeded, item fully inside) and the glimpse sensor. */
class CanvasesAndSensorTest {

    /** 50 items of 28×28 with random pixels in (0.1, 1], so every item pixel is non-zero, and labels 0–9. */
    static ImageSet fakeItems() {
        Rng rng = new Rng(4);
        int n = 50;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        return new ImageSet(rng.uniform(DataType.FLOAT, 0.1, 1.0, n, 784), labels, 28, 28,
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }

    @Test
    void theSameSeedGivesTheSameCanvasesAndAnotherSeedOthers() {
        ImageSet items = fakeItems();
        Canvases a = Canvases.cluttered(items, 20, 60, 4, 8, 3);
        Canvases b = Canvases.cluttered(items, 20, 60, 4, 8, 3);
        Canvases c = Canvases.cluttered(items, 20, 60, 4, 8, 4);
        assertArrayEquals(Shapes.doubles(a.images()), Shapes.doubles(b.images()), 0);
        assertArrayEquals(a.labels(), b.labels());
        assertFalse(java.util.Arrays.equals(Shapes.doubles(a.images()), Shapes.doubles(c.images())));
    }

    @Test
    void theItemLiesFullyInsideTheCanvasAndNothingElseInTranslatedCanvases() {
        ImageSet items = fakeItems();
        Canvases t = Canvases.translated(items, 200, 60, 9);
        float[] px = t.pixels(0, t.size());
        int minTop = 99;
        int maxTop = -1;
        for (int s = 0; s < t.size(); s++) {
            int top = t.positions()[s][0];
            int left = t.positions()[s][1];
            assertTrue(top >= 0 && left >= 0 && top + 28 <= 60 && left + 28 <= 60, "item " + s + " at " + top + "," + left);
            minTop = Math.min(minTop, top);
            maxTop = Math.max(maxTop, top);
            int nonZero = 0;
            for (int y = 0; y < 60; y++) {
                for (int x = 0; x < 60; x++) {
                    float v = px[s * 3600 + y * 60 + x];
                    boolean inside = y >= top && y < top + 28 && x >= left && x < left + 28;
                    if (!inside) {
                        assertEquals(0f, v, "canvas " + s + " pixel " + y + "," + x + " outside the item");
                    } else if (v > 0) {
                        nonZero++;
                    }
                }
            }
            assertEquals(784, nonZero, "canvas " + s + ": every item pixel is on the canvas");
        }
        assertTrue(minTop <= 2 && maxTop >= 30, "positions spread over the canvas: tops " + minTop + ".." + maxTop);
    }

    @Test
    void clutterAddsPiecesOutsideTheItem() {
        Canvases c = Canvases.cluttered(fakeItems(), 50, 60, 4, 8, 2);
        float[] px = c.pixels(0, c.size());
        int outside = 0;
        for (int s = 0; s < c.size(); s++) {
            int top = c.positions()[s][0];
            int left = c.positions()[s][1];
            for (int y = 0; y < 60; y++) {
                for (int x = 0; x < 60; x++) {
                    boolean inside = y >= top && y < top + 28 && x >= left && x < left + 28;
                    if (!inside && px[s * 3600 + y * 60 + x] > 0) {
                        outside++;
                    }
                }
            }
        }
        // 4 pieces of 64 pixels per canvas, partly hidden under the item: well above zero, at most 256 per canvas
        assertTrue(outside > 50 * 64 && outside <= 50 * 256, "clutter pixels outside the items: " + outside);
    }

    @Test
    void canvasesRejectBadArguments() {
        ImageSet items = fakeItems();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Canvases.translated(items, 5, 20, 1))
                .getMessage().contains("side: expected at least 28"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Canvases.translated(items, 0, 60, 1))
                .getMessage().contains("count"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Canvases.cluttered(items, 5, 60, -1, 8, 1))
                .getMessage().contains("pieces"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Canvases.cluttered(items, 5, 60, 4, 30, 1))
                .getMessage().contains("pieceSize: expected 1..28, got 30"));
    }

    /** A 16×16 canvas whose pixel (y, x) holds y·16 + x. */
    private static float[] ramp() {
        float[] px = new float[256];
        for (int i = 0; i < 256; i++) {
            px[i] = i;
        }
        return px;
    }

    @Test
    void theFinestScaleReadsPixelsAndCoarserScalesAverageBlocks() {
        GlimpseSensor sensor = new GlimpseSensor(16, 2, 3);
        assertEquals(12, sensor.size());
        double[] g = sensor.read(ramp(), new double[] {0, 0});     // the centre: pixel (8, 8)
        assertArrayEquals(new int[] {7, 7, 2}, sensor.square(0, 0, 0));
        assertArrayEquals(new double[] {7 * 16 + 7, 7 * 16 + 8, 8 * 16 + 7, 8 * 16 + 8}, java.util.Arrays.copyOfRange(g, 0, 4), 0);
        // scale 1: 4×4 pixels from (6, 6), averaged in 2×2 blocks: block (0,0) holds 6·16+6, 6·16+7, 7·16+6, 7·16+7
        assertArrayEquals(new int[] {6, 6, 4}, sensor.square(0, 0, 1));
        assertEquals(6 * 16 + 6.5 + 8, g[4], 1e-12);
        // scale 2: 8×8 from (4, 4), 4×4 blocks: the top-left block's mean is pixel (5.5, 5.5)
        assertEquals(5.5 * 16 + 5.5, g[8], 1e-12);
    }

    @Test
    void pixelsOutsideTheCanvasReadAsZero() {
        GlimpseSensor sensor = new GlimpseSensor(16, 2, 2);
        float[] ones = new float[256];
        java.util.Arrays.fill(ones, 1f);
        double[] g = sensor.read(ones, new double[] {-1, -1});    // the top-left corner: centre pixel (0, 0)
        assertArrayEquals(new double[] {0, 0, 0, 1}, java.util.Arrays.copyOfRange(g, 0, 4), 0);
        assertArrayEquals(new double[] {0, 0, 0, 1}, java.util.Arrays.copyOfRange(g, 4, 8), 0);
        double[] batch = sensor.read(new float[512], new double[] {0, 0, 0.5, -0.5});
        assertEquals(16, batch.length);
        assertEquals(0, java.util.Arrays.stream(batch).sum(), 0);
        // the INDArray form gives the same numbers
        assertArrayEquals(g, Shapes.doubles(sensor.read(Nd4j.ones(DataType.DOUBLE, 1, 256),
                Nd4j.create(new double[] {-1, -1}, new long[] {1, 2}))), 0);
    }

    @Test
    void theSensorRejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new GlimpseSensor(16, 0, 2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GlimpseSensor(16, 2, 7)).getMessage()
                .contains("scales: expected 1..6, got 7"));
        GlimpseSensor sensor = new GlimpseSensor(16, 2, 2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sensor.read(new float[256], new double[] {0, 0, 0, 0}))
                .getMessage().contains("expected n·256 pixels and 2n coordinates, got 256 and 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sensor.read(Nd4j.zeros(DataType.FLOAT, 2, 256),
                Nd4j.zeros(DataType.FLOAT, 2, 3))).getMessage().contains("locations: expected shape [2, 2], got [2, 3]"));
        assertThrows(IllegalArgumentException.class, () -> sensor.square(0, 0, 2));
    }
}
