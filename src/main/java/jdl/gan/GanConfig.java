package jdl.gan;

import java.util.List;

import jdl.nn.Activation;
import jdl.nn.Configs;

/**
 * How a GAN is built and trained.
 *
 * @param noiseDim           size of z
 * @param dataDim            size of a sample x (2 for a 2-D mixture, 784 for Fashion-MNIST)
 * @param classes            0 for an unconditional GAN; otherwise G and D also receive a one-hot class
 * @param generatorHidden    hidden layer sizes of G
 * @param discriminatorHidden hidden layer sizes of D
 * @param generatorActivation activation in G's hidden layers
 * @param output             G's output: identity for real-valued data, sigmoid for pixels in [0, 1]
 * @param generatorLr        Adam learning rate of G
 * @param discriminatorLr    Adam learning rate of D
 * @param beta1              Adam's β₁ for both (0.5 is the DCGAN choice)
 * @param batchSize          real samples per step (a multiple of {@code pack})
 * @param discriminatorSteps D updates per G update
 * @param realLabel          D's target for real samples: 1, or e.g. 0.9 for one-sided label smoothing
 * @param pack               PacGAN's m: D judges m samples at once (1 = the vanilla GAN)
 * @param seed               seed for weights, noise and minibatches
 * @param lrDecay            step decay of both learning rates: η(t) = η₀ · lrDecay^⌊t / lrDecayEvery⌋ after t
 *                           rounds (1 = constant)
 * @param lrDecayEvery       rounds between two decays
 * @param classifierWeight   0: a conditional GAN gives D the class as an input (Mirza and Osindero 2014); λ &gt; 0: an
 *                           auxiliary-classifier GAN (AC-GAN, Odena et al. 2017): D sees only the image and has a
 *                           second head that predicts its class; D learns that head on real images, and G's loss
 *                           adds λ times the cross-entropy of D's class prediction for G(z, y) against y
 */
public record GanConfig(int noiseDim, int dataDim, int classes, List<Integer> generatorHidden,
                        List<Integer> discriminatorHidden, Activation generatorActivation, Output output,
                        double generatorLr, double discriminatorLr, double beta1, int batchSize,
                        int discriminatorSteps, double realLabel, int pack, long seed, double lrDecay,
                        int lrDecayEvery, double classifierWeight) {

    /** G's last layer. */
    public enum Output { IDENTITY, SIGMOID, TANH }

    public GanConfig {
        positive("noiseDim", noiseDim);
        positive("dataDim", dataDim);
        if (classes < 0) {
            throw new IllegalArgumentException("classes: expected 0 (unconditional) or more, got " + classes);
        }
        generatorHidden = List.copyOf(generatorHidden);
        discriminatorHidden = List.copyOf(discriminatorHidden);
        if (generatorActivation == null || output == null) {
            throw new IllegalArgumentException("generatorActivation and output: expected values, got "
                    + generatorActivation + " and " + output);
        }
        rate("generatorLr", generatorLr);
        rate("discriminatorLr", discriminatorLr);
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1: expected a value in [0, 1), got " + beta1);
        }
        positive("batchSize", batchSize);
        positive("discriminatorSteps", discriminatorSteps);
        if (!(realLabel > 0.5 && realLabel <= 1)) {
            throw new IllegalArgumentException("realLabel: expected a value in (0.5, 1], got " + realLabel);
        }
        positive("pack", pack);
        if (batchSize % pack != 0) {
            throw new IllegalArgumentException("batchSize: expected a multiple of pack = " + pack + ", got " + batchSize);
        }
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new IllegalArgumentException("lrDecay: expected a factor in (0, 1], got " + lrDecay);
        }
        positive("lrDecayEvery", lrDecayEvery);
        if (!(classifierWeight >= 0) || Double.isInfinite(classifierWeight)) {
            throw new IllegalArgumentException("classifierWeight: expected 0 or a finite weight above 0, got " + classifierWeight);
        }
        if (classifierWeight > 0 && (classes == 0 || pack != 1)) {
            throw new IllegalArgumentException("classifierWeight: an auxiliary classifier needs classes > 0 and pack = 1, got"
                    + " classes = " + classes + ", pack = " + pack);
        }
    }

    /** A configuration with step decay of the learning rates and no auxiliary classifier. */
    public GanConfig(int noiseDim, int dataDim, int classes, List<Integer> generatorHidden,
                     List<Integer> discriminatorHidden, Activation generatorActivation, Output output,
                     double generatorLr, double discriminatorLr, double beta1, int batchSize,
                     int discriminatorSteps, double realLabel, int pack, long seed, double lrDecay, int lrDecayEvery) {
        this(noiseDim, dataDim, classes, generatorHidden, discriminatorHidden, generatorActivation, output,
                generatorLr, discriminatorLr, beta1, batchSize, discriminatorSteps, realLabel, pack, seed, lrDecay,
                lrDecayEvery, 0.0);
    }

    /** A configuration with constant learning rates. */
    public GanConfig(int noiseDim, int dataDim, int classes, List<Integer> generatorHidden,
                     List<Integer> discriminatorHidden, Activation generatorActivation, Output output,
                     double generatorLr, double discriminatorLr, double beta1, int batchSize,
                     int discriminatorSteps, double realLabel, int pack, long seed) {
        this(noiseDim, dataDim, classes, generatorHidden, discriminatorHidden, generatorActivation, output,
                generatorLr, discriminatorLr, beta1, batchSize, discriminatorSteps, realLabel, pack, seed, 1.0,
                Integer.MAX_VALUE);
    }

    /** A vanilla GAN for low-dimensional real-valued data. */
    public static GanConfig small(int noiseDim, int dataDim, int hidden, long seed) {
        return new GanConfig(noiseDim, dataDim, 0, List.of(hidden, hidden), List.of(hidden, hidden), Activation.RELU,
                Output.IDENTITY, 1e-3, 1e-3, 0.5, 128, 1, 1.0, 1, seed);
    }

    public GanConfig withPack(int m) {
        return new GanConfig(noiseDim, dataDim, classes, generatorHidden, discriminatorHidden, generatorActivation,
                output, generatorLr, discriminatorLr, beta1, batchSize, discriminatorSteps, realLabel, m, seed, lrDecay,
                lrDecayEvery, classifierWeight);
    }

    public GanConfig withSeed(long s) {
        return new GanConfig(noiseDim, dataDim, classes, generatorHidden, discriminatorHidden, generatorActivation,
                output, generatorLr, discriminatorLr, beta1, batchSize, discriminatorSteps, realLabel, pack, s, lrDecay,
                lrDecayEvery, classifierWeight);
    }

    /** Both learning rates multiplied by {@code factor} every {@code every} rounds (step decay). */
    public GanConfig withLrDecay(double factor, int every) {
        return new GanConfig(noiseDim, dataDim, classes, generatorHidden, discriminatorHidden, generatorActivation,
                output, generatorLr, discriminatorLr, beta1, batchSize, discriminatorSteps, realLabel, pack, seed, factor,
                every, classifierWeight);
    }

    /**
     * An auxiliary-classifier GAN (AC-GAN) with weight {@code lambda} on the class loss: D sees only the image and
     * predicts its class with a second head; see {@link #classifierWeight()}.
     */
    public GanConfig withAuxiliaryClassifier(double lambda) {
        return new GanConfig(noiseDim, dataDim, classes, generatorHidden, discriminatorHidden, generatorActivation,
                output, generatorLr, discriminatorLr, beta1, batchSize, discriminatorSteps, realLabel, pack, seed, lrDecay,
                lrDecayEvery, lambda);
    }

    // ---- named construction: start from a preset, change fields by name (each returns a validated copy) ----

    /**
     * The preset for images: 28×28 = 784 pixels in [0, 1] (sigmoid output), 10 classes, noise of 64, G and D with one
     * hidden layer of 256 and 512, Adam 10⁻³ with β₁ = 0.5, batch 64, seed 7, constant learning rates.
     */
    public static GanConfig images() {
        return new GanConfig(64, 784, 10, List.of(256), List.of(512), Activation.RELU, Output.SIGMOID, 1e-3, 1e-3, 0.5,
                64, 1, 1.0, 1, 7);
    }

    /**
     * The preset for low-dimensional real-valued data of {@code dataDim} numbers: noise of the same size, two hidden
     * layers of 64 in G and D, identity output, unconditional, Adam 10⁻³ with β₁ = 0.5, batch 128, seed 1.
     */
    public static GanConfig points(int dataDim) {
        return small(dataDim, dataDim, 64, 1);
    }

    public GanConfig noiseDim(int value) {
        return Configs.with(this, "noiseDim", value);
    }

    public GanConfig dataDim(int value) {
        return Configs.with(this, "dataDim", value);
    }

    public GanConfig classes(int value) {
        return Configs.with(this, "classes", value);
    }

    /** G's hidden layer widths, first to last. */
    public GanConfig generatorHidden(int... widths) {
        return Configs.with(this, "generatorHidden", java.util.Arrays.stream(widths).boxed().toList());
    }

    /** D's hidden layer widths, first to last. */
    public GanConfig discriminatorHidden(int... widths) {
        return Configs.with(this, "discriminatorHidden", java.util.Arrays.stream(widths).boxed().toList());
    }

    public GanConfig generatorActivation(Activation value) {
        return Configs.with(this, "generatorActivation", value);
    }

    public GanConfig output(Output value) {
        return Configs.with(this, "output", value);
    }

    public GanConfig generatorLr(double value) {
        return Configs.with(this, "generatorLr", value);
    }

    public GanConfig discriminatorLr(double value) {
        return Configs.with(this, "discriminatorLr", value);
    }

    /** Both learning rates. */
    public GanConfig learningRate(double value) {
        return generatorLr(value).discriminatorLr(value);
    }

    public GanConfig beta1(double value) {
        return Configs.with(this, "beta1", value);
    }

    public GanConfig batchSize(int value) {
        return Configs.with(this, "batchSize", value);
    }

    public GanConfig discriminatorSteps(int value) {
        return Configs.with(this, "discriminatorSteps", value);
    }

    public GanConfig realLabel(double value) {
        return Configs.with(this, "realLabel", value);
    }

    public GanConfig pack(int value) {
        return Configs.with(this, "pack", value);
    }

    public GanConfig seed(long value) {
        return Configs.with(this, "seed", value);
    }

    public GanConfig classifierWeight(double value) {
        return Configs.with(this, "classifierWeight", value);
    }

    /** True when D has a class head (AC-GAN) instead of the class as an input. */
    public boolean auxiliaryClassifier() {
        return classifierWeight > 0;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": expected at least 1, got " + value);
        }
    }

    private static void rate(String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(name + ": expected a learning rate in (0, 1), got " + value);
        }
    }
}
