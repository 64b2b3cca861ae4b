package jdl.gan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import jdl.nn.Optimizer;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.Schedules;
import jdl.nn.SigmoidCrossEntropy;
import jdl.nn.SoftmaxCrossEntropy;
import jdl.nn.TrainingDiverged;
import jdl.nn.TrainingInterrupted;
import jdl.nn.TrainingListener;

/**
 * The adversarial game (Goodfellow et al. 2014), trained by alternating updates:
 * <ol>
 * <li>D ascends V(D, G) = E[log D(x)] + E[log(1 − D(G(z)))], i.e. minimises
 * L_D = BCE(D(x), 1) + BCE(D(G(z)), 0) (real and fake in one batch);</li>
 * <li>G minimises the non-saturating loss L_G = −E[log D(G(z))], whose gradient stays large when D
 * confidently rejects G's samples (the minimax loss log(1 − D(G(z))) saturates there).</li>
 * </ol>
 * G and D have separate parameter stores and Adam optimisers. With an auxiliary classifier (AC-GAN,
 * {@link GanConfig#auxiliaryClassifier()}), D also minimises the cross-entropy of its class head on the real
 * images, and G adds λ times the cross-entropy of D's class prediction for G(z, y) against y to L_G; the
 * losses recorded per round are the real/fake parts.
 */
public final class Gan {

    private final GanConfig config;
    private final Sampler data;
    private final Rng rng;
    private final Generator generator;
    private final Discriminator discriminator;
    private final Optimizer gOptimizer;
    private final Optimizer dOptimizer;
    private final SigmoidCrossEntropy realLoss = new SigmoidCrossEntropy();
    private final SigmoidCrossEntropy fakeLoss = new SigmoidCrossEntropy();
    private final SigmoidCrossEntropy generatorLoss = new SigmoidCrossEntropy();
    private final SoftmaxCrossEntropy classLoss = new SoftmaxCrossEntropy();
    private final SoftmaxCrossEntropy generatorClassLoss = new SoftmaxCrossEntropy();
    private final List<GanStep> history = new ArrayList<>();
    private final INDArray realRows;   // AC-GAN: which rows of D's batch are real (its class head learns on those)

    public Gan(GanConfig config, Sampler data, org.nd4j.linalg.api.buffer.DataType dtype) {
        this.config = config;
        this.data = data;
        this.rng = new Rng(config.seed());
        this.generator = new Generator(config, new Params(dtype), rng.split());
        this.discriminator = new Discriminator(config, new Params(dtype), rng.split());
        this.gOptimizer = new Optimizer(generator.params(), adam(config.generatorLr(), 1));
        this.dOptimizer = new Optimizer(discriminator.params(), adam(config.discriminatorLr(), config.discriminatorSteps()));
        this.realRows = config.auxiliaryClassifier() ? realRowsMask(config.batchSize()) : null;
    }

    /** Adam with the configured β₁ and step decay; the schedule counts optimiser steps, {@code stepsPerRound} a round. */
    private Adam adam(double lr, int stepsPerRound) {
        Adam adam = new Adam(lr, config.beta1(), 0.999, 1e-8);
        if (config.lrDecay() < 1) {
            int every = (int) Math.min(Integer.MAX_VALUE, (long) config.lrDecayEvery() * stepsPerRound);
            adam.setLearningRateSchedule(Schedules.step(lr, config.lrDecay(), every));
        }
        return adam;
    }

    public Gan(GanConfig config, Sampler data) {
        this(config, data, org.nd4j.linalg.api.buffer.DataType.FLOAT);
    }

    /** One round: {@code discriminatorSteps} updates of D, then one of G. */
    public GanStep step() {
        int n = config.batchSize();
        double dLoss = 0;
        double dReal = 0;
        double dFake = 0;
        for (int k = 0; k < config.discriminatorSteps(); k++) {
            int[] realClasses = config.classes() > 0 ? new int[n] : null;
            INDArray real = data.sample(n, rng, generator.params().dataType(), realClasses);
            int[] fakeClasses = randomClasses(n);
            INDArray fake = generator.forward(generator.noise(n, rng), fakeClasses);
            // D on real and fake in one batch (layers keep one cache): rows 0..n-1 real, n..2n-1 fake
            discriminator.params().zeroGrad();
            INDArray logits = discriminator.forward(Nd4j.vstack(real, fake), concat(realClasses, fakeClasses));
            long half = logits.rows() / 2;
            INDArray source = sourceColumn(logits);
            INDArray realLogits = source.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, half),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            INDArray fakeLogits = source.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(half, 2 * half),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            dLoss = realLoss.forward(realLogits, config.realLabel()) + fakeLoss.forward(fakeLogits, 0.0);
            INDArray dLogits = Nd4j.vstack(realLoss.backward(), fakeLoss.backward());
            if (config.auxiliaryClassifier()) {
                // AC-GAN: the class head learns the classes of the real rows (the mask leaves out the fake ones)
                classLoss.forward(classColumns(logits), concat(realClasses, fakeClasses), realRows);
                dLogits = Nd4j.hstack(dLogits, classLoss.backward());
            }
            discriminator.backward(dLogits);
            dOptimizer.step();
            dReal = mean(realLoss.probabilities());
            dFake = mean(fakeLoss.probabilities());
        }
        // G: non-saturating loss −log D(G(z)), gradient through D into G
        generator.params().zeroGrad();
        discriminator.params().zeroGrad();
        int[] classes = randomClasses(n);
        INDArray fake = generator.forward(generator.noise(n, rng), classes);
        INDArray judged = discriminator.forward(fake, classes);
        double gLoss = generatorLoss.forward(sourceColumn(judged), 1.0);
        INDArray dJudged = generatorLoss.backward();
        if (config.auxiliaryClassifier()) {
            // AC-GAN: G also lowers λ · the cross-entropy of D's class prediction for G(z, y) against y
            generatorClassLoss.forward(classColumns(judged), classes);
            dJudged = Nd4j.hstack(dJudged, generatorClassLoss.backward().muli(config.classifierWeight()));
        }
        generator.backward(discriminator.backward(dJudged));
        gOptimizer.step();
        GanStep s = new GanStep(dLoss, gLoss, dReal, dFake);
        if (!Double.isFinite(dLoss) || !Double.isFinite(gLoss)) {
            throw new TrainingDiverged("GAN: loss became non-finite at round " + (history.size() + 1)
                    + " (D loss " + dLoss + ", G loss " + gLoss + "); lower the learning rates");
        }
        history.add(s);
        return s;
    }

    /**
     * Trains {@code rounds} rounds with a live progress display of D's loss; {@code every} rounds (and at
     * the end) calls {@code snapshot} with the round number, e.g. to keep samples for a plot. An interrupt of
     * the thread (JupyterLab's interrupt button) stops it between rounds with {@link TrainingInterrupted}.
     */
    public List<GanStep> train(String title, int rounds, int every, IntConsumer snapshot) {
        TrainingListener progress = TrainingListener.start(title, rounds);
        for (int r = 1; r <= rounds; r++) {
            if (Thread.interrupted()) {
                progress.interrupted();
                throw new TrainingInterrupted(title, r - 1, rounds);
            }
            GanStep s = step();
            progress.step(r, s.discriminatorLoss());
            if (snapshot != null && (r % every == 0 || r == rounds)) {
                snapshot.accept(r);
            }
        }
        progress.finish();
        return List.copyOf(history);
    }

    /** Every round's measurements so far. */
    public List<GanStep> history() {
        return List.copyOf(history);
    }

    /** The means of the last {@code n} rounds (the single-round values are noisy). */
    public GanStep recent(int n) {
        int from = Math.max(0, history.size() - n);
        List<GanStep> tail = history.subList(from, history.size());
        return new GanStep(tail.stream().mapToDouble(GanStep::discriminatorLoss).average().orElse(Double.NaN),
                tail.stream().mapToDouble(GanStep::generatorLoss).average().orElse(Double.NaN),
                tail.stream().mapToDouble(GanStep::dReal).average().orElse(Double.NaN),
                tail.stream().mapToDouble(GanStep::dFake).average().orElse(Double.NaN));
    }

    public Generator generator() {
        return generator;
    }

    public Discriminator discriminator() {
        return discriminator;
    }

    public GanConfig config() {
        return config;
    }

    /** The learning rates the next round will use: {G, D}. */
    public double[] learningRates() {
        return new double[] {gOptimizer.learningRate(), dOptimizer.learningRate()};
    }

    /** The GAN's own random stream (for drawing evaluation noise reproducibly). */
    public Rng rng() {
        return rng;
    }

    private int[] randomClasses(int n) {
        if (config.classes() == 0) {
            return null;
        }
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = rng.nextInt(config.classes());
        }
        return c;
    }

    /** D's real/fake logits: all of them, or the first column of an auxiliary-classifier D's output. */
    private INDArray sourceColumn(INDArray logits) {
        return config.auxiliaryClassifier() ? logits.getColumns(0) : logits;
    }

    /** The class logits of an auxiliary-classifier D's output: columns 1..K. */
    private INDArray classColumns(INDArray logits) {
        return logits.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 1 + config.classes()));
    }

    /** A mask over 2n rows: 1 for the first n (real), 0 for the rest (generated). */
    private static INDArray realRowsMask(int n) {
        double[] m = new double[2 * n];
        java.util.Arrays.fill(m, 0, n, 1.0);
        return Nd4j.createFromArray(m);
    }

    private static int[] concat(int[] a, int[] b) {
        if (a == null) {
            return null;
        }
        int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
