package jdl.nn;

import java.util.Locale;

/**
 * Training stopped early because its thread was interrupted, e.g. by JupyterLab's "Interrupt the kernel" (JJava
 * then interrupts the thread that runs the cell). Training loops check between steps, so the model holds the
 * weights after the last completed step: it can be evaluated, plotted or trained further in the next cell.
 */
public final class TrainingInterrupted extends RuntimeException {

    private final int completed;
    private final int total;

    public TrainingInterrupted(String title, int completed, int total) {
        super(String.format(Locale.ROOT, "%s: interrupted after %d of %d steps; the model keeps the weights of the"
                + " last completed step and can be used or trained further", title, completed, total));
        this.completed = completed;
        this.total = total;
    }

    /**
     * Throws if the current thread was interrupted (and clears the flag, so the caller's clean-up code and the
     * next cell run normally). Call it between steps: {@code completed} steps of {@code total} are done.
     */
    public static void check(String title, int completed, int total) {
        if (Thread.interrupted()) {
            throw new TrainingInterrupted(title, completed, total);
        }
    }

    /** The steps that were completed before the interruption. */
    public int completed() {
        return completed;
    }

    /** The steps that were asked for. */
    public int total() {
        return total;
    }
}
