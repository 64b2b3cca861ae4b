package jdl.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;


/**
 * Short helpers for the charts the course draws, with the same size and style everywhere. Each returns
 * an XChart chart; end a cell with it and JJava shows it inline as a PNG. Add more series with XChart's
 * own API ({@code chart.addSeries(name, x, y)}). Under a kernel without the course's renderer (IJava),
 * end the cell with {@link #image(Chart)} instead.
 */
public final class Plots {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 400;

    private Plots() {
    }

    /** An empty line chart with titles and the course style; add series to it. */
    public static XYChart xy(String title, String xLabel, String yLabel) {
        return xy(title, xLabel, yLabel, WIDTH, HEIGHT);
    }

    /** An empty line chart of the given size in pixels. */
    public static XYChart xy(String title, String xLabel, String yLabel, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        org.knowm.xchart.style.XYStyler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideS);           // below the plot: never over the data
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setToolTipsEnabled(false);
        s.setMarkerSize(4);
        return chart;
    }

    /** A line chart of {@code y} against {@code x}, one series named {@code name}. */
    public static XYChart line(String title, String xLabel, String yLabel, String name, double[] x, double[] y) {
        XYChart chart = xy(title, xLabel, yLabel);
        addLine(chart, name, x, y);
        return chart;
    }

    /** A line chart of {@code y} against its index 0, 1, 2, … */
    public static XYChart line(String title, String xLabel, String yLabel, String name, double[] y) {
        return line(title, xLabel, yLabel, name, range(y.length), y);
    }

    /** Adds a line without markers to {@code chart}. */
    public static XYSeries addLine(XYChart chart, String name, double[] x, double[] y) {
        requireSameLength("x", x, "y", y);
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        return series;
    }

    /**
     * Adds {@code y} to a chart whose y axis is logarithmic, where 0 has no place: the positive values as a line named
     * {@code name}, and the values that are exactly 0 (a gradient that underflowed, say) as crosses drawn at
     * {@code zeroLevel} in a second series named "{@code name}: exactly 0". Returns how many values were 0. Negative
     * values are refused; a logarithmic axis cannot show them honestly either.
     */
    public static int addLogLine(XYChart chart, String name, double[] x, double[] y, double zeroLevel) {
        requireSameLength("x", x, "y", y);
        if (!(zeroLevel > 0) || Double.isInfinite(zeroLevel)) {
            throw new IllegalArgumentException("zeroLevel: expected a finite value above 0, got " + zeroLevel);
        }
        int zeros = 0;
        for (int i = 0; i < y.length; i++) {
            if (!(y[i] >= 0)) {
                throw new IllegalArgumentException("y[" + i + "]: expected a value ≥ 0 for a logarithmic axis, got " + y[i]);
            }
            if (y[i] == 0) {
                zeros++;
            }
        }
        double[] px = new double[y.length - zeros], py = new double[y.length - zeros];
        double[] zx = new double[zeros], zy = new double[zeros];
        for (int i = 0, p = 0, z = 0; i < y.length; i++) {
            if (y[i] > 0) {
                px[p] = x[i];
                py[p++] = y[i];
            } else {
                zx[z] = x[i];
                zy[z++] = zeroLevel;
            }
        }
        if (px.length > 0) {
            addLine(chart, name, px, py);
        }
        if (zeros > 0) {
            XYSeries z = addPoints(chart, name + ": exactly 0", zx, zy);
            z.setMarker(SeriesMarkers.CROSS);
        }
        return zeros;
    }

    /** A scatter plot: points, no lines. */
    public static XYChart scatter(String title, String xLabel, String yLabel, String name, double[] x, double[] y) {
        XYChart chart = xy(title, xLabel, yLabel);
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        addPoints(chart, name, x, y);
        return chart;
    }

    /** Adds points (no line) to {@code chart}. */
    public static XYSeries addPoints(XYChart chart, String name, double[] x, double[] y) {
        requireSameLength("x", x, "y", y);
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(SeriesMarkers.CIRCLE);
        return series;
    }

    /**
     * A histogram drawn as a step outline of the density (area 1), so a density curve can be added to
     * the same chart with {@link #addLine}.
     */
    public static XYChart histogram(String title, String xLabel, String name, double[] values, int bins) {
        XYChart chart = xy(title, xLabel, "density");
        addHistogram(chart, name, values, bins);
        return chart;
    }

    /** Adds a density histogram of {@code values} with {@code bins} equal bins over their range. */
    public static XYSeries addHistogram(XYChart chart, String name, double[] values, int bins) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values: expected at least one value, got an empty array");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("bins: expected at least 1, got " + bins);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("values: expected finite numbers, found " + v);
            }
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (hi == lo) {
            hi = lo + 1e-9;
        }
        double width = (hi - lo) / bins;
        double[] counts = new double[bins];
        for (double v : values) {
            counts[Math.min(bins - 1, (int) ((v - lo) / width))]++;
        }
        // a closed step outline: 2 points per bin edge
        double[] x = new double[2 * bins + 2];
        double[] y = new double[2 * bins + 2];
        x[0] = lo;
        for (int b = 0; b < bins; b++) {
            double density = counts[b] / (values.length * width);
            x[2 * b + 1] = lo + b * width;
            y[2 * b + 1] = density;
            x[2 * b + 2] = lo + (b + 1) * width;
            y[2 * b + 2] = density;
        }
        x[2 * bins + 1] = hi;
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        series.setMarker(SeriesMarkers.NONE);
        Color line = chart.getStyler().getSeriesColors()[(chart.getSeriesMap().size() - 1)
                % chart.getStyler().getSeriesColors().length];
        series.setLineColor(line);
        series.setFillColor(new Color(line.getRed(), line.getGreen(), line.getBlue(), 90));
        return series;
    }

    /** A heat map of {@code values[row][column]}, rows drawn top to bottom, with index tick labels. */
    public static HeatMapChart heatMap(String title, String xLabel, String yLabel, double[][] values) {
        int rows = values.length;
        int cols = rows == 0 ? 0 : values[0].length;
        List<String> xTicks = new ArrayList<>();
        List<String> yTicks = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            xTicks.add(Integer.toString(c));
        }
        for (int r = 0; r < rows; r++) {
            yTicks.add(Integer.toString(r));
        }
        return heatMap(title, xLabel, yLabel, xTicks, yTicks, values);
    }

    /**
     * A heat map with named columns and rows, e.g. an attention map with source tokens along x and
     * output tokens along y. Row 0 is drawn at the top, as in a matrix.
     */
    public static HeatMapChart heatMap(String title, String xLabel, String yLabel,
                                       List<String> xTicks, List<String> yTicks, double[][] values) {
        int rows = values.length;
        if (rows == 0 || values[0].length == 0) {
            throw new IllegalArgumentException("values: expected a non-empty matrix, got " + rows + " rows");
        }
        int cols = values[0].length;
        if (xTicks.size() != cols || yTicks.size() != rows) {
            throw new IllegalArgumentException("ticks: expected " + cols + " x ticks and " + rows
                    + " y ticks for a " + rows + "x" + cols + " matrix, got " + xTicks.size() + " and " + yTicks.size());
        }
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            if (values[r].length != cols) {
                throw new IllegalArgumentException("values: row " + r + " has " + values[r].length
                        + " columns, expected " + cols);
            }
            for (int c = 0; c < cols; c++) {
                // XChart draws y index 0 at the bottom: flip so row 0 is on top
                cells.add(new Number[] {c, rows - 1 - r, values[r][c]});
            }
        }
        List<String> yTop = new ArrayList<>(yTicks);
        java.util.Collections.reverse(yTop);
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setShowValue(false);
        chart.getStyler().setToolTipsEnabled(false);
        chart.getStyler().setRangeColors(new Color[] {new Color(255, 255, 255), new Color(255, 200, 80),
                new Color(200, 40, 20), new Color(60, 0, 0)});
        chart.addSeries(title == null || title.isEmpty() ? "values" : title, xTicks, yTop, cells);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo == hi) {                 // a constant matrix: draw it in the top colour instead of a blank panel
            chart.getStyler().setMin(lo - 1).setMax(hi);
        }
        // the colour scale in 6 bands, each labelled with its range to a few digits (XChart's continuous colour bar
        // prints its two ends with all 16 digits of a double)
        double largest = Math.max(Math.abs(lo), Math.abs(hi));
        chart.getStyler().setPiecewise(true).setSplitNumber(6);
        chart.getStyler().setHeatMapValueDecimalPattern(largest >= 100 ? "#,##0" : largest >= 1 ? "0.0#"
                : largest >= 0.01 ? "0.0##" : "0.0#E0");
        int tickCharacters = 0;
        for (String t : xTicks) {
            tickCharacters += t.length() + 1;
        }
        if (tickCharacters > 48) {      // more than the x axis holds side by side: slant them
            chart.getStyler().setXAxisLabelRotation(tickCharacters > 96 ? 90 : 45);
        }
        return chart;
    }

    /**
     * Attention weights as a heat map: one row per query (e.g. output token), one column per key (e.g. source token),
     * row {@code i} of {@code weights} cut to the keys given (padding beyond them dropped) and rows beyond the queries
     * dropped. Repeated labels are made distinct (a chart axis needs distinct categories) and the key labels slanted.
     */
    public static HeatMapChart attentionMap(String title, String keyLabel, String queryLabel, List<String> keys,
                                            List<String> queries, double[][] weights) {
        if (weights.length < queries.size()) {
            throw new IllegalArgumentException("weights: expected at least " + queries.size() + " rows (one per query), got "
                    + weights.length);
        }
        double[][] shown = new double[queries.size()][];
        for (int i = 0; i < shown.length; i++) {
            if (weights[i].length < keys.size()) {
                throw new IllegalArgumentException("weights: row " + i + " has " + weights[i].length + " columns, expected"
                        + " at least " + keys.size() + " (one per key)");
            }
            shown[i] = java.util.Arrays.copyOf(weights[i], keys.size());
        }
        HeatMapChart chart = heatMap(title, keyLabel, queryLabel, distinct(keys), distinct(queries), shown);
        chart.getStyler().setXAxisLabelRotation(45);
        return chart;
    }

    /** The labels with repeats made distinct by trailing spaces, so that they can name the categories of one axis. */
    public static List<String> distinct(List<String> labels) {
        List<String> out = new ArrayList<>();
        for (String label : labels) {
            String unique = label;
            while (out.contains(unique)) {
                unique = unique + " ";
            }
            out.add(unique);
        }
        return out;
    }

    /**
     * A confusion matrix as a heat map: {@code counts[actual][predicted]} (as {@code Metrics.confusion}
     * returns it), true classes down the side, predicted classes along the bottom, each cell showing its
     * count. The diagonal holds the correct predictions.
     */
    public static HeatMapChart confusionMatrix(String title, int[][] counts, List<String> classNames) {
        int k = classNames.size();
        if (counts.length != k) {
            throw new IllegalArgumentException("counts: expected " + k + " rows (one per class name), got " + counts.length);
        }
        double[][] values = new double[k][];
        for (int r = 0; r < k; r++) {
            if (counts[r].length != k) {
                throw new IllegalArgumentException("counts: row " + r + " has " + counts[r].length + " columns, expected " + k);
            }
            values[r] = java.util.Arrays.stream(counts[r]).asDoubleStream().toArray();
        }
        HeatMapChart chart = heatMap(title, "predicted class", "true class", classNames, classNames, values);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setHeatMapValueDecimalPattern("#0");
        // lighter than heatMap's scale, so that the black counts stay readable on the darkest cells
        chart.getStyler().setRangeColors(new Color[] {new Color(255, 255, 255), new Color(255, 214, 140),
                new Color(245, 130, 60), new Color(215, 70, 50)});
        chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        chart.getStyler().setXAxisLabelRotation(30);
        return chart;
    }

    /**
     * Paints one grey image, {@code height × width} values in [0, 1] (clamped) starting at {@code pixels[offset]},
     * row-major, with its top-left corner at ({@code x0}, {@code y0}) and each pixel {@code scale} screen pixels wide.
     */
    public static void paintGrey(Graphics2D g, float[] pixels, int offset, int height, int width, int x0, int y0, int scale) {
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                int grey = Math.round(255 * Math.max(0f, Math.min(1f, pixels[offset + r * width + c])));
                g.setColor(new Color(grey, grey, grey));
                g.fillRect(x0 + c * scale, y0 + r * scale, scale, scale);
            }
        }
    }

    /**
     * A grid of grey-scale images, e.g. Fashion-MNIST items, with an optional caption under each.
     *
     * @param images   one image per row, {@code height * width} values in [0, 1] (0 = black)
     * @param captions one caption per shown image, or {@code null}
     * @param columns  images per grid row
     * @param scale    pixels per image pixel (3 makes 28×28 items 84×84)
     */
    public static BufferedImage imageGrid(INDArray images, int height, int width, List<String> captions,
                                          int columns, int scale) {
        if (images.rank() != 2 || images.columns() != (long) height * width) {
            throw new IllegalArgumentException("images: expected shape [n, " + (height * width) + "] for "
                    + height + "x" + width + " images, got " + java.util.Arrays.toString(images.shape()));
        }
        int n = (int) images.rows();
        if (captions != null && captions.size() != n) {
            throw new IllegalArgumentException("captions: expected " + n + " (one per image), got " + captions.size());
        }
        if (columns < 1 || scale < 1) {
            throw new IllegalArgumentException("columns and scale: expected at least 1, got " + columns + " and " + scale);
        }
        int rows = (n + columns - 1) / columns;
        int captionHeight = captions == null ? 0 : 16;
        int pad = 6;
        int cellW = width * scale + pad;
        int cellH = height * scale + captionHeight + pad;
        BufferedImage grid = new BufferedImage(Math.max(1, columns * cellW + pad), Math.max(1, rows * cellH + pad),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        float[] pixels = images.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
        for (int i = 0; i < n; i++) {
            int x0 = pad + (i % columns) * cellW;
            int y0 = pad + (i / columns) * cellH;
            paintGrey(g, pixels, i * height * width, height, width, x0, y0, scale);
            if (captions != null) {
                g.setColor(Color.DARK_GRAY);
                String caption = captions.get(i);
                int textWidth = g.getFontMetrics().stringWidth(caption);
                g.drawString(caption, x0 + Math.max(0, (width * scale - textWidth) / 2), y0 + height * scale + 12);
            }
        }
        g.dispose();
        return grid;
    }

    /** A bar chart of one value per category (e.g. how many samples fell in each class); add more with {@link #addBars}. */
    public static CategoryChart bars(String title, String xLabel, String yLabel, List<String> categories, String name,
                                     double[] values) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setToolTipsEnabled(false);
        addBars(chart, name, categories, values);
        return chart;
    }

    /** Adds a series of bars, one value per category. */
    public static CategorySeries addBars(CategoryChart chart, String name, List<String> categories, double[] values) {
        if (categories.size() != values.length) {
            throw new IllegalArgumentException("categories and values: expected the same length, got "
                    + categories.size() + " and " + values.length);
        }
        List<Double> v = new ArrayList<>();
        for (double x : values) {
            v.add(x);
        }
        return chart.addSeries(name, categories, v);
    }

    /**
     * Several charts side by side in one image, {@code columns} to a row (e.g. four snapshots of training
     * in a 2 × 2 grid); make them smaller with {@link #xy(String, String, String, int, int)}.
     */
    public static BufferedImage grid(List<? extends Chart<?, ?>> charts, int columns) {
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("charts: expected at least one chart, got none");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns: expected at least 1, got " + columns);
        }
        List<BufferedImage> images = new ArrayList<>();
        int cellW = 0;
        int cellH = 0;
        for (Chart<?, ?> chart : charts) {
            BufferedImage image = image(chart);
            images.add(image);
            cellW = Math.max(cellW, image.getWidth());
            cellH = Math.max(cellH, image.getHeight());
        }
        int cols = Math.min(columns, images.size());
        int rows = (images.size() + cols - 1) / cols;
        BufferedImage grid = new BufferedImage(cols * cellW, rows * cellH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < images.size(); i++) {
            g.drawImage(images.get(i), (i % cols) * cellW, (i / cols) * cellH, null);
        }
        g.dispose();
        return grid;
    }

    /**
     * The trailing moving average of {@code values} over {@code window} points (fewer at the start), to
     * smooth a noisy per-step curve such as a GAN's losses before plotting it.
     */
    public static double[] movingAverage(double[] values, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window: expected at least 1, got " + window);
        }
        double[] out = new double[values.length];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i];
            if (i >= window) {
                sum -= values[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }

    /** The chart as an image: the portable way to show it inline in any Java kernel. */
    public static BufferedImage image(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** The chart as base64-encoded PNG bytes, the form Jupyter's {@code image/png} output takes. */
    public static String base64Png(Chart<?, ?> chart) {
        return Base64.getEncoder().encodeToString(png(image(chart)));
    }

    /** PNG bytes of an image. */
    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Saves the chart as PNG to {@code target} (in a notebook: {@code Course.outputDir().resolve("name.png")}). */
    public static Path save(Chart<?, ?> chart, Path target) {
        if (target == null || !target.getFileName().toString().endsWith(".png")) {
            throw new IllegalArgumentException("target: expected a file name ending in .png, got "
                    + (target == null ? "null" : "'" + target + "'"));
        }
        try {
            java.nio.file.Files.write(target, png(image(chart)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
        return target;
    }

    /** 0, 1, …, n-1 as doubles: the x axis for a per-step series. */
    public static double[] range(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    private static void requireSameLength(String aName, double[] a, String bName, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(aName + " and " + bName + ": expected the same length, got "
                    + a.length + " and " + b.length);
        }
    }
}
