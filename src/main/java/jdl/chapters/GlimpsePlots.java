package jdl.chapters;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

import jdl.glimpse.GlimpseSensor;
import jdl.glimpse.RecurrentAttentionModel;
import jdl.plot.Plots;
import jdl.tasks.Canvases;

/**
 * Pictures of where the recurrent attention model looked: each canvas in grey, and for every glimpse t the squares
 * its sensor read (finest scale solid, coarser ones thin), coloured from blue (first glimpse) to red (last), with
 * the centres joined in order.
 */
public final class GlimpsePlots {

    private GlimpsePlots() {
    }

    /**
     * Glimpse paths of {@code model} (locations from its policy mean) on the first {@code count} canvases of
     * {@code data}, each captioned "true class -> predicted class".
     */
    public static BufferedImage paths(RecurrentAttentionModel model, Canvases data, int count, int columns, int scale) {
        int[] index = java.util.stream.IntStream.range(0, count).toArray();
        RecurrentAttentionModel.Rollout r = GlimpseExperiments.rollout(model, data, index,
                RecurrentAttentionModel.Locations.MEAN, 0);
        int[] predicted = r.predictions();
        List<String> captions = new java.util.ArrayList<>();
        for (int k = 0; k < count; k++) {
            captions.add(jdl.data.FashionMnist.CLASS_NAMES.get(data.labels()[k]) + " -> "
                    + jdl.data.FashionMnist.CLASS_NAMES.get(predicted[k]));
        }
        return paths(data, index, r, model.sensor(), captions, columns, scale);
    }

    /**
     * Glimpse paths of canvases {@code index} of {@code data}, from a rollout {@code r} of those canvases (in the same
     * order), {@code scale} screen pixels per canvas pixel, {@code columns} canvases per row, one caption each.
     */
    public static BufferedImage paths(Canvases data, int[] index, RecurrentAttentionModel.Rollout r, GlimpseSensor sensor,
                                      List<String> captions, int columns, int scale) {
        if (r.n() != index.length) {
            throw new IllegalArgumentException("r: expected a rollout of " + index.length + " canvases, got " + r.n());
        }
        if (captions != null && captions.size() != index.length) {
            throw new IllegalArgumentException("captions: expected " + index.length + ", got " + captions.size());
        }
        if (columns < 1 || scale < 1) {
            throw new IllegalArgumentException("columns and scale: expected at least 1, got " + columns + " and " + scale);
        }
        int side = data.side();
        int pad = 8;
        int captionHeight = captions == null ? 0 : 16;
        int cell = side * scale + pad;
        int rows = (index.length + columns - 1) / columns;
        BufferedImage image = new BufferedImage(columns * cell + pad, rows * (cell + captionHeight) + pad,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        float[] pixels = data.pixels(index);
        int T = r.locations().length;
        for (int k = 0; k < index.length; k++) {
            int x0 = pad + (k % columns) * cell;
            int y0 = pad + (k / columns) * (cell + captionHeight);
            Plots.paintGrey(g, pixels, k * side * side, side, side, x0, y0, scale);
            g.setClip(x0, y0, side * scale, side * scale);
            int previousX = -1;
            int previousY = -1;
            for (int t = 0; t < T; t++) {
                float f = T == 1 ? 0 : (float) t / (T - 1);
                g.setColor(new Color(0.15f + 0.85f * f, 0.35f * (1 - f) + 0.2f, 1f - 0.9f * f));
                double lRow = r.locations()[t][2 * k];
                double lCol = r.locations()[t][2 * k + 1];
                for (int s = sensor.scales() - 1; s >= 0; s--) {
                    int[] sq = sensor.square(lRow, lCol, s);
                    g.setStroke(new BasicStroke(s == 0 ? 2.0f : 0.8f));
                    g.drawRect(x0 + sq[1] * scale, y0 + sq[0] * scale, sq[2] * scale, sq[2] * scale);
                }
                int cx = x0 + (int) Math.round((lCol + 1) / 2 * side * scale);
                int cy = y0 + (int) Math.round((lRow + 1) / 2 * side * scale);
                g.fillOval(cx - 3, cy - 3, 6, 6);
                if (previousX >= 0) {
                    g.setStroke(new BasicStroke(1.2f));
                    g.drawLine(previousX, previousY, cx, cy);
                }
                previousX = cx;
                previousY = cy;
            }
            g.setClip(null);
            if (captions != null) {
                g.setColor(Color.DARK_GRAY);
                g.drawString(captions.get(k), x0, y0 + side * scale + 13);
            }
        }
        g.dispose();
        return image;
    }
}
