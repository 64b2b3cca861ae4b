package jdl.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
                Plots.confusionMatrix("confusion", new int[][] {{5, 1}, {2, 7}}, List.of("cat", "dog")),
                Plots.bars("bars", "class", "count", List.of("a", "b", "c"), "counts", new double[] {3, 0, 5}));
        for (var chart : charts) {
            BufferedImage image = decode(Plots.png(Plots.image(chart)));
            assertEquals(Plots.WIDTH, image.getWidth(), chart.getTitle());
            assertEquals(Plots.HEIGHT, image.getHeight(), chart.getTitle());
            assertTrue(Plots.base64Png(chart).startsWith("iVBORw0KGgo"), "PNG signature in base64");
        }
    }

    @Test
    void logLineDrawsExactZerosAsASecondSeriesAtTheGivenLevel() throws Exception {
        XYChart chart = Plots.xy("log", "t", "norm");
        chart.getStyler().setYAxisLogarithmic(true);
        int zeros = Plots.addLogLine(chart, "g", new double[] {1, 2, 3, 4}, new double[] {0, 0, 1e-30, 2.0}, 1e-32);
        assertEquals(2, zeros);
        assertEquals(List.of("g", "g: exactly 0"), List.copyOf(chart.getSeriesMap().keySet()));
        assertArrayEquals(new double[] {3, 4}, chart.getSeriesMap().get("g").getXData());
        assertArrayEquals(new double[] {1e-32, 1e-32}, chart.getSeriesMap().get("g: exactly 0").getYData());
        assertEquals(Plots.WIDTH, decode(Plots.png(Plots.image(chart))).getWidth());   // a log axis with every point > 0
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> Plots.addLogLine(Plots.xy("a", "x", "y"), "g", new double[] {1}, new double[] {-1}, 1e-3));
        assertTrue(negative.getMessage().contains("y[0]"), negative.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Plots.addLogLine(Plots.xy("a", "x", "y"), "g", new double[] {1}, new double[] {1}, 0));
    }

    @Test
    void gridLaysOutChartsInRowsOfMixedSizes() {
        double[] x = {0, 1};
        var small = List.of(Plots.xy("a", "x", "y", 200, 150), Plots.xy("b", "x", "y", 200, 150),
                Plots.xy("c", "x", "y", 200, 150));
        for (var chart : small) {
            Plots.addPoints(chart, "p", x, x);
        }
        BufferedImage tiled = Plots.grid(small, 2);
        assertEquals(400, tiled.getWidth());
        assertEquals(300, tiled.getHeight());
        assertEquals(600, Plots.grid(small, 5).getWidth());
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
    void gridPlacesChartsColumnsToARow() {
        var charts = List.of(
                Plots.xy("a", "x", "y", 300, 200), Plots.xy("b", "x", "y", 300, 200), Plots.xy("c", "x", "y", 300, 200));
        charts.forEach(c -> Plots.addLine(c, "s", new double[] {0, 1}, new double[] {1, 2}));
        BufferedImage grid = Plots.grid(charts, 2);
        assertEquals(600, grid.getWidth());
        assertEquals(400, grid.getHeight());
        assertEquals(300, Plots.grid(charts, 5).getWidth() / 3);
        assertThrows(IllegalArgumentException.class, () -> Plots.grid(List.of(), 2));
    }

    @Test
    void movingAverageAveragesTheLastWindowPoints() {
        double[] smooth = Plots.movingAverage(new double[] {1, 3, 5, 7, 9}, 2);
        assertArrayEquals(new double[] {1, 2, 4, 6, 8}, smooth, 1e-12);
        assertArrayEquals(new double[] {1, 2, 3, 5, 7},
                Plots.movingAverage(new double[] {1, 3, 5, 7, 9}, 3), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Plots.movingAverage(new double[] {1}, 0));
    }

    @Test
    void confusionMatrixPutsTrueClassesDownAndCountsInTheCells() {
        var chart = Plots.confusionMatrix("c", new int[][] {{5, 1}, {2, 7}}, List.of("cat", "dog"));
        var series = chart.getHeatMapSeries();
        assertEquals(List.of("cat", "dog"), series.getXData());
        assertEquals(List.of("dog", "cat"), series.getYData(), "row 0 (cat) is drawn at the top");
        // each cell is {x = predicted, y = flipped row, count}
        List<String> cells = new java.util.ArrayList<>();
        for (Number[] cell : series.getHeatData()) {
            cells.add(cell[0].intValue() + "," + cell[1].intValue() + "=" + cell[2].intValue());
        }
        assertEquals(List.of("0,1=5", "1,1=1", "0,0=2", "1,0=7"), cells, "true cat row on top: 5 right, 1 called dog");
        assertTrue(chart.getStyler().isShowValue());
        assertEquals("counts: expected 2 rows (one per class name), got 1",
                assertThrows(IllegalArgumentException.class, () -> Plots.confusionMatrix("c", new int[][] {{1, 2}},
                        List.of("cat", "dog"))).getMessage());
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
        assertEquals("target: expected a file name ending in .png, got 'out/plot.jpg'",
                assertThrows(IllegalArgumentException.class,
                        () -> Plots.save(Plots.xy("t", "x", "y"), java.nio.file.Path.of("out", "plot.jpg"))).getMessage());
    }

    @Test
    void attentionMapsCutPaddingAndMakeRepeatedLabelsDistinct() {
        assertEquals(List.of("und", "zwei", "und ", "und  "), Plots.distinct(List.of("und", "zwei", "und", "und")));
        double[][] weights = {{0.5, 0.5, 0.0}, {0.1, 0.9, 0.0}, {1, 0, 0}};        // 3 keys stored, 2 real; 3 rows, 2 shown
        org.knowm.xchart.HeatMapChart chart = Plots.attentionMap("t", "keys", "queries", List.of("a", "a"),
                List.of("x", "y"), weights);
        assertEquals(45, chart.getStyler().getXAxisLabelRotation());
        assertEquals("weights: expected at least 4 rows (one per query), got 3", assertThrows(IllegalArgumentException.class,
                () -> Plots.attentionMap("t", "k", "q", List.of("a"), List.of("w", "x", "y", "z"), weights)).getMessage());
    }
}
