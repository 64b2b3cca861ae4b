package jdl.notebook;

import java.util.Arrays;
import java.util.Locale;

import org.knowm.xchart.XYChart;

import jdl.nn.TrainingListener;
import jdl.plot.Plots;

/**
 * Training progress shown as one display that is updated in place: a progress line and a small live
 * chart of the loss. Outside a JJava kernel (plain Java, tests, IJava) it prints a plain line at every
 * tenth of the run instead.
 *
 * <pre>{@code
 * Progress progress = Progress.start("Gradient descent", steps);
 * for (int step = 1; step <= steps; step++) {
 *     double loss = ...;
 *     progress.step(step, loss);
 * }
 * progress.finish();
 * }</pre>
 *
 * A loss that is NaN or infinite stops the run with an error naming the step.
 */
public final class Progress implements TrainingListener {

    private static final int CHART_WIDTH = 480;
    private static final int CHART_HEIGHT = 220;
    private static final int BAR = 24;

    private final String title;
    private final int total;
    private final boolean live;
    private final long minIntervalNanos;
    private final long startNanos;
    private double[] steps = new double[64];
    private double[] losses = new double[64];
    private int count;
    private String displayId;
    private long lastRenderNanos;
    private int lastPrintedTenth = -1;
    private int lastPrintedStep;
    private boolean finished;
    private boolean interrupted;

    private Progress(String title, int total, boolean live, long minIntervalMillis) {
        if (total < 1) {
            throw new IllegalArgumentException("total: expected at least 1 step, got " + total);
        }
        this.title = title;
        this.total = total;
        this.live = live;
        this.minIntervalNanos = minIntervalMillis * 1_000_000L;
        this.startNanos = System.nanoTime();
    }

    /** Starts a progress display for {@code total} steps, live if a JJava kernel runs this code. */
    public static Progress start(String title, int total) {
        Progress p = new Progress(title, total, JJavaBridge.available(), 1000);
        if (p.live) {
            p.displayId = JJavaBridge.display(p.line(), null);
            p.lastRenderNanos = System.nanoTime();
        }
        return p;
    }

    /** Starts a progress that only prints plain lines (what {@link #start} does outside a kernel). */
    public static Progress plain(String title, int total) {
        return new Progress(title, total, false, 0);
    }

    /** Records the loss after {@code step} (1-based) and refreshes the display at most once a second. */
    @Override
    public void step(int step, double loss) {
        if (finished) {
            throw new IllegalStateException(title + ": step(" + step + ") after finish()");
        }
        if (step < 1 || step > total) {
            throw new IllegalArgumentException("step: expected 1.." + total + ", got " + step);
        }
        if (!Double.isFinite(loss)) {
            throw new ArithmeticException(title + ": the loss became " + loss + " at step " + step
                    + " (last finite loss " + (count > 0 ? Checks.fmt(losses[count - 1]) : "none")
                    + "); training diverged: lower the learning rate or clip the gradients");
        }
        if (count == steps.length) {
            steps = Arrays.copyOf(steps, 2 * count);
            losses = Arrays.copyOf(losses, 2 * count);
        }
        steps[count] = step;
        losses[count] = loss;
        count++;
        if (live) {
            long now = System.nanoTime();
            if (step == total || now - lastRenderNanos >= minIntervalNanos) {
                JJavaBridge.update(displayId, line(), count > 1 ? Plots.base64Png(chart()) : null);
                lastRenderNanos = System.nanoTime();
            }
        } else {
            int tenth = (int) ((10L * step) / total);
            if (tenth > lastPrintedTenth) {
                lastPrintedTenth = tenth;
                lastPrintedStep = step;
                System.out.println(line());
            }
        }
    }

    /** Final refresh (if steps were skipped by throttling); {@link #losses()} has what was recorded. */
    @Override
    public void finish() {
        if (!finished) {
            finished = true;
            if (live && count > 0) {
                JJavaBridge.update(displayId, line(), count > 1 ? Plots.base64Png(chart()) : null);
            } else if (!live && count > 0 && lastPrintedStep != (int) steps[count - 1]) {
                System.out.println(line());
            }
        }
    }

    /** Marks the run as interrupted (the line says so) and makes the final refresh. */
    @Override
    public void interrupted() {
        interrupted = true;
        finish();
    }

    /** The losses recorded so far, in order. */
    public double[] losses() {
        return Arrays.copyOf(losses, count);
    }

    /** The steps at which they were recorded. */
    public double[] steps() {
        return Arrays.copyOf(steps, count);
    }

    /** True when the display updates in place in a JJava kernel. */
    public boolean isLive() {
        return live;
    }

    /** The progress line: title, bar, step, last loss, time elapsed and an estimate of the time left. */
    public String line() {
        int done = count == 0 ? 0 : (int) steps[count - 1];
        int filled = (int) Math.round(BAR * (double) done / total);
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        String eta = done == 0 || done == total ? "" : String.format(Locale.ROOT, ", ~%.1f s left",
                elapsed * (total - done) / done);
        String loss = count == 0 ? "" : "  loss " + Checks.fmt(losses[count - 1]);
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d%s  %.1f s elapsed%s", title,
                "#".repeat(filled), ".".repeat(BAR - filled), done, total, loss, elapsed,
                interrupted ? ", interrupted" : eta);
    }

    /** The live chart: the loss against the step. */
    public XYChart chart() {
        XYChart chart = Plots.xy(title, "step", "loss", CHART_WIDTH, CHART_HEIGHT);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax((double) total);
        Plots.addLine(chart, "loss", steps(), losses());
        return chart;
    }
}
