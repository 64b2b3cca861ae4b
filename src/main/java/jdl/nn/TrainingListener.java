package jdl.nn;

import java.util.Objects;

/**
 * Whoever watches a training loop: {@link Trainer} and the GAN's loop call {@link #step} after every step (or round)
 * with its loss, then {@link #finish} at the end, or {@link #interrupted} if the run was stopped. The core does not
 * know about screens: by default a run prints a plain line at every tenth ({@link PrintedProgress}); the notebook glue
 * installs a live display with {@link #use}.
 */
public interface TrainingListener {

    /** Step {@code step} (1-based) is done and its loss was {@code loss}. */
    void step(int step, double loss);

    /** The run was stopped before its last step (the interrupt button). */
    void interrupted();

    /** The run is over. */
    void finish();

    /** Makes the listener of one run. */
    @FunctionalInterface
    interface Factory {
        TrainingListener start(String title, int steps);
    }

    /** A listener for a new run of {@code steps} steps, made by the installed factory. */
    static TrainingListener start(String title, int steps) {
        return Installed.factory.start(title, steps);
    }

    /** Installs the factory every later run uses (the notebook glue installs its live display). */
    static void use(Factory factory) {
        Installed.factory = Objects.requireNonNull(factory, "factory");
    }

    /** The installed factory ({@link PrintedProgress} until another is installed). */
    final class Installed {
        private static volatile Factory factory = PrintedProgress::new;

        private Installed() {
        }
    }
}
