package jdl.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.nd4j.linalg.factory.Nd4j;

class PlotsTest {

    private static BufferedImage decode(byte[] png) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    @Test
    void everyChartHelperRendersToAPngOfTheCourseSize() throws Exception {
        double[] x = {0, 1, 2, 3};
        double[] y = {1, 3, 2, 4};
        var charts = List.of(
                Plots.line("line", "x", "y", "s", x, y),
                Plots.line("index", "step", "loss", "loss", y),
                Plots.scatter("scatter", "x", "y", "points", x, y),
                Plots.histogram("hist", "value", "samples", new double[] {0, 0.5, 0.5, 1, 2}, 4),
                Plots.heatMap("map", "key", "query", new double[][] {{0.1, 0.9}, {0.6, 0.4}, {0.5, 0.5}}),
                Plots.bars("bars", "class", "count", List.of("a", "b", "c"), "counts", new double[] {3, 0, 5}));
        for (var chart : charts) {
            BufferedImage image = decode(Plots.png(Plots.image(chart)));
            assertEquals(Plots.WIDTH, image.getWidth(), chart.getTitle());
            assertEquals(Plots.HEIGHT, image.getHeight(), chart.getTitle());
            assertTrue(Plots.base64Png(chart).startsWith("iVBORw0KGgo"), "PNG signature in base64");
        }
    }

    @Test
    void tileLaysOutChartsInRows() {
        double[] x = {0, 1};
        var small = List.of(Plots.xy("a", "x", "y", 200, 150), Plots.xy("b", "x", "y", 200, 150),
                Plots.xy("c", "x", "y", 200, 150));
        for (var chart : small) {
            Plots.addPoints(chart, "p", x, x);
        }
        BufferedImage tiled = Plots.tile(small, 2);
        assertEquals(400, tiled.getWidth());
        assertEquals(300, tiled.getHeight());
        assertEquals(600, Plots.tile(small, 5).getWidth());
    }

    @Test
    void histogramIsADensityWithAreaOne() {
        XYChart chart = Plots.histogram("h", "x", "s", new double[] {0, 1, 1, 2, 3, 3, 3, 4}, 4);
        XYSeries s = chart.getSeriesMap().get("s");
        double[] xs = s.getXData();
        double[] ys = s.getYData();
        double area = 0;
        for (int i = 1; i + 1 < xs.length; i += 2) {
            area += ys[i] * (xs[i + 1] - xs[i]);
        }
        assertEquals(1.0, area, 1e-12);
    }

    @Test
    void imageGridHasOneCellPerImage() {
        var images = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 12, 28 * 28);
        BufferedImage grid = Plots.imageGrid(images, 28, 28, java.util.Collections.nCopies(12, "x"), 6, 2);
        assertEquals(6 + 6 * (28 * 2 + 6), grid.getWidth());
        assertEquals(6 + 2 * (28 * 2 + 16 + 6), grid.getHeight());
    }

    @Test
    void badShapesAreNamedInTheError() {
        var images = Nd4j.zeros(3, 100);
        assertEquals("images: expected shape [n, 784] for 28x28 images, got [3, 100]",
                assertThrows(IllegalArgumentException.class,
                        () -> Plots.imageGrid(images, 28, 28, null, 3, 1)).getMessage());
        assertEquals("x and y: expected the same length, got 2 and 3",
                assertThrows(IllegalArgumentException.class,
                        () -> Plots.line("t", "x", "y", "s", new double[2], new double[3])).getMessage());
        assertEquals("ticks: expected 2 x ticks and 1 y ticks for a 1x2 matrix, got 1 and 1",
                assertThrows(IllegalArgumentException.class, () -> Plots.heatMap("t", "x", "y",
                        List.of("a"), List.of("b"), new double[][] {{1, 2}})).getMessage());
        assertEquals("fileName: expected a name ending in .png, got 'plot.jpg'",
                assertThrows(IllegalArgumentException.class,
                        () -> Plots.save(Plots.xy("t", "x", "y"), "plot.jpg")).getMessage());
    }
}
