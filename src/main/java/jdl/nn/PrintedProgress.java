package jdl.nn;

import java.util.Locale;

/**
 * A training listener that prints one plain line at every tenth of the run: title, step, loss and seconds elapsed.
 * What training shows outside a notebook kernel (tests, command-line trainers) and with {@link Trainer#quiet()}.
 */
public final class PrintedProgress implements TrainingListener {

    private final String title;
    private final int total;
    private final long startNanos = System.nanoTime();
    private int lastTenth = -1;
    private int lastPrinted;
    private int lastStep;
    private double lastLoss = Double.NaN;
    private boolean finished;

    public PrintedProgress(String title, int total) {
        if (total < 1) {
            throw new IllegalArgumentException("total: expected at least 1 step, got " + total);
        }
        this.title = title;
        this.total = total;
    }

    @Override
    public void step(int step, double loss) {
        lastStep = step;
        lastLoss = loss;
        int tenth = (int) ((10L * step) / total);
        if (tenth > lastTenth) {
            lastTenth = tenth;
            print("");
        }
    }

    @Override
    public void interrupted() {
        if (!finished) {
            finished = true;
            print(", interrupted");
        }
    }

    @Override
    public void finish() {
        if (!finished) {
            finished = true;
            if (lastStep > 0 && lastPrinted != lastStep) {
                print("");
            }
        }
    }

    private void print(String suffix) {
        lastPrinted = lastStep;
        System.out.println(String.format(Locale.ROOT, "%s %d/%d  loss %.4g  %.1f s elapsed%s", title, lastStep, total,
                lastLoss, (System.nanoTime() - startNanos) / 1e9, suffix));
    }
}
