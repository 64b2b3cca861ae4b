package jdl.chapters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

import jdl.data.ImageSet;
import jdl.nn.Batches;
import jdl.nn.Budget;
import jdl.nn.History;
import jdl.nn.MeanSquaredError;
import jdl.nn.Metrics;
import jdl.nn.Optimizer;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.Schedules;
import jdl.nn.SoftmaxCrossEntropy;
import jdl.nn.TimedRun;
import jdl.nn.Trainer;
import jdl.rnn.CellType;
import jdl.rnn.CharRnn;
import jdl.rnn.CharRnnConfig;
import jdl.rnn.GruCell;
import jdl.rnn.LstmCell;
import jdl.rnn.RecurrentCell;
import jdl.rnn.SequenceRegressor;
import jdl.tasks.AddingProblem;
import jdl.tasks.CharVocabulary;
import jdl.tasks.ImageRows;

/**
 * The training runs the LSTM and GRU notebooks compare, one method each, so that RNN, LSTM and GRU are
 * trained by exactly the same code with the same seeds and budget and only the cell differs.
 */
public final class RnnExperiments {

    private RnnExperiments() {
    }

    /**
     * A model trained on the adding problem of length {@code length}, its MSE on 1,000 fresh test sequences, and
     * the median time of one training step's forward and backward pass in milliseconds.
     */
    public record Adding(CellType type, int length, SequenceRegressor<?> model, History history, double testMse,
                         double msPerStep) {
    }

    /**
     * Trains {@code type} with {@code hidden} units on the adding problem: batches of 32 fresh sequences,
     * Adam, global gradient norm clipped at 1, weights from seed {@code seed}, data from {@code seed + 1};
     * tested on 1,000 sequences drawn with seed 99.
     */
    public static Adding adding(CellType type, int length, int hidden, int steps, double learningRate, long seed,
                                boolean quiet) {
        return adding(type, length, hidden, steps, learningRate, seed, quiet, model -> { });
    }

    /**
     * As {@link #adding(CellType, int, int, int, double, long, boolean)}, with {@code setup} applied to the fresh
     * model before the first step: a different initialisation (a gate bias), truncated BPTT, and so on.
     */
    public static Adding adding(CellType type, int length, int hidden, int steps, double learningRate, long seed,
                                boolean quiet, java.util.function.Consumer<SequenceRegressor<?>> setup) {
        Params p = new Params(DataType.FLOAT);
        Rng rng = new Rng(seed);
        SequenceRegressor<?> model = new SequenceRegressor<>(p, type.create(p, type.label().toLowerCase(), 2, hidden, rng), 1, rng);
        setup.accept(model);
        MeanSquaredError mse = new MeanSquaredError();
        Rng data = new Rng(seed + 1);
        Trainer trainer = adam(p, learningRate, 1.0, quiet);
        StepTimes times = new StepTimes(steps);
        History history = trainer.fit(type + " on the adding problem, T = " + length, steps, step -> {
            long start = System.nanoTime();
            AddingProblem.Batch b = AddingProblem.batch(length, 32, data, DataType.FLOAT);
            double loss = mse.forward(model.forward(b.x(), null), b.y());
            model.backward(mse.backward());
            times.record(step, start);
            return loss;
        });
        AddingProblem.Batch test = AddingProblem.batch(length, 1000, new Rng(99), DataType.FLOAT);
        double testMse = mse.forward(model.forward(test.x(), null), test.y());
        return new Adding(type, length, model, history, testMse, times.medianMs());
    }

    /**
     * The gate activations of sequence {@code sequence} in the model's last forward pass, one matrix per
     * gate with rows = hidden units and columns = time steps (ready for a heat map): "input", "forget",
     * "output" and "cell" (c_t) for an LSTM; "update", "reset" and "candidate" for a GRU.
     */
    public static Map<String, double[][]> gates(SequenceRegressor<?> model, int sequence) {
        List<? extends RecurrentCell.Step> steps = model.recurrent().steps();
        Map<String, double[][]> out = new java.util.LinkedHashMap<>();
        int T = steps.size();
        for (int t = 0; t < T; t++) {
            RecurrentCell.Step s = steps.get(t);
            Map<String, INDArray> at = new java.util.LinkedHashMap<>();
            if (s instanceof LstmCell.Cache c) {
                at.put("input", c.inputGate());
                at.put("forget", c.forgetGate());
                at.put("output", c.outputGate());
                at.put("cell", c.c());
            } else if (s instanceof GruCell.Cache c) {
                at.put("update", c.updateGate());
                at.put("reset", c.resetGate());
                at.put("candidate", c.candidate());
            } else {
                throw new IllegalArgumentException("model: expected an LSTM or GRU, got a cell without gates ("
                        + s.getClass().getSimpleName() + ")");
            }
            final int time = t;
            at.forEach((name, m) -> {
                double[] row = m.getRow(sequence).toDoubleVector();
                double[][] g = out.computeIfAbsent(name, k -> new double[row.length][T]);
                for (int j = 0; j < row.length; j++) {
                    g[j][time] = row[j];
                }
            });
        }
        return out;
    }

    /**
     * For each unit (row of {@code gate}, columns = time), its mean activation at the steps where
     * {@code marker} is 1 minus its mean at the other steps: how selectively the gate opens at the markers.
     */
    public static double[] markerResponse(double[][] gate, double[] marker) {
        int marked = 0;
        for (double m : marker) {
            marked += m == 1 ? 1 : 0;
        }
        if (marked == 0 || marked == marker.length) {
            throw new IllegalArgumentException("marker: expected some steps marked 1 and some not, got " + marked + " of " + marker.length);
        }
        double[] response = new double[gate.length];
        for (int j = 0; j < gate.length; j++) {
            if (gate[j].length != marker.length) {
                throw new IllegalArgumentException("gate[" + j + "]: expected " + marker.length + " time steps, got " + gate[j].length);
            }
            double at = 0;
            double elsewhere = 0;
            for (int t = 0; t < marker.length; t++) {
                if (marker[t] == 1) {
                    at += gate[j][t] / marked;
                } else {
                    elsewhere += gate[j][t] / (marker.length - marked);
                }
            }
            response[j] = at - elsewhere;
        }
        return response;
    }

    /** A classifier of Fashion-MNIST images read row by row, with its test accuracy after every epoch. */
    public record Rows(CellType type, SequenceRegressor<?> model, Params params, History history, double[] epochs,
                       double[] testAccuracy, double msPerStep) {

        public double finalAccuracy() {
            return testAccuracy[testAccuracy.length - 1];
        }
    }

    /**
     * Trains {@code type} with {@code hidden} units to classify 28×28 images given as 28 steps of 28 pixels:
     * minibatches of {@code batch}, Adam with {@code learningRate}, gradient norm clipped at 5; after every
     * {@code evaluations}-th of the budget, the accuracy on {@code test}. msPerStep is the median time of a training
     * step's forward and backward pass.
     */
    public static Rows fashionRows(CellType type, int hidden, double epochs, int batch, double learningRate,
                                   ImageSet train, ImageSet test, long seed, int evaluations, boolean quiet) {
        return fashionRows(type, hidden, epochs, batch, learningRate, 1.0, train, test, seed, evaluations, quiet);
    }

    /**
     * As {@link #fashionRows(CellType, int, double, int, double, ImageSet, ImageSet, long, int, boolean)}, with
     * Adam's rate falling from {@code learningRate} along a cosine to {@code learningRate · finalFraction} at the last
     * step: large steps while far from a solution, fine ones at the end (1 keeps it constant).
     */
    public static Rows fashionRows(CellType type, int hidden, double epochs, int batch, double learningRate,
                                   double finalFraction, ImageSet train, ImageSet test, long seed, int evaluations,
                                   boolean quiet) {
        if (!(finalFraction > 0 && finalFraction <= 1)) {
            throw new IllegalArgumentException("finalFraction: expected a value in (0, 1], got " + finalFraction);
        }
        if (!(epochs > 0) || evaluations < 1) {
            throw new IllegalArgumentException("epochs, evaluations: expected > 0 and ≥ 1, got " + epochs + ", " + evaluations);
        }
        int h = train.height();
        int w = train.width();
        Params p = new Params(DataType.FLOAT);
        Rng rng = new Rng(seed);
        SequenceRegressor<?> model = new SequenceRegressor<>(p, type.create(p, type.label().toLowerCase(), w, hidden, rng), 10, rng);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Batches batches = new Batches(train.size(), batch, new Rng(seed + 1));
        INDArray images = train.images().castTo(DataType.FLOAT);
        int steps = (int) Math.round(epochs * batches.perEpoch());
        int every = Math.max(1, steps / evaluations);
        StepTimes times = new StepTimes(steps);
        List<Double> at = new ArrayList<>();
        Adam updater = finalFraction == 1 ? new Adam(learningRate)
                : new Adam(Schedules.warmupCosine(learningRate, 0, steps, finalFraction));
        Trainer trainer = new Trainer(new Optimizer(p, updater)).clipGradNorm(5.0);
        if (quiet) {
            trainer.quiet();
        }
        History history = trainer
                .evaluateEvery(every, step -> {
                    at.add(step / (double) batches.perEpoch());
                    return Map.of("test accuracy", accuracy(model, test));
                })
                .fit(type + ", Fashion-MNIST row by row", steps, step -> {
                    long start = System.nanoTime();
                    int[] index = batches.next();
                    double l = loss.forward(model.forward(ImageRows.sequences(images, index, h, w), null),
                            Batches.take(train.labels(), index));
                    model.backward(loss.backward());
                    times.record(step, start);
                    return l;
                });
        return new Rows(type, model, p, history, at.stream().mapToDouble(d -> d).toArray(),
                history.metric("test accuracy"), times.medianMs());
    }

    /** The share of {@code set}'s images whose largest logit is their label (batches of 1,000). */
    public static double accuracy(SequenceRegressor<?> model, ImageSet set) {
        INDArray images = set.images().castTo(DataType.FLOAT);
        int right = 0;
        for (int from = 0; from < set.size(); from += 1000) {
            int to = Math.min(set.size(), from + 1000);
            int[] index = new int[to - from];
            for (int i = 0; i < index.length; i++) {
                index[i] = from + i;
            }
            int[] predicted = Metrics.argmax(model.forward(ImageRows.sequences(images, index, set.height(), set.width()), null));
            for (int i = 0; i < index.length; i++) {
                if (predicted[i] == set.labels()[from + i]) {
                    right++;
                }
            }
        }
        return right / (double) set.size();
    }

    /** A character-level language model, its validation loss in bits per character, and the median ms per step. */
    public record Language(CellType type, CharRnn model, History history, double bitsPerChar, double msPerStep) {
    }

    /**
     * Trains a character-level language model with {@code config} (its cell, width, window, batch, learning
     * rate, clipping and seed) for {@code steps} steps on random windows of {@code train} (windows drawn with
     * seed {@code config.seed() + 1}), then measures bits per character on the first {@code valChars} of {@code val}.
     */
    public static Language language(CharVocabulary vocabulary, CharRnnConfig config, int[] train, int[] val,
                                    int steps, int valChars, boolean quiet) {
        Params p = new Params(DataType.FLOAT);
        CharRnn model = new CharRnn(vocabulary, config, p, new Rng(config.seed()));
        Rng windows = new Rng(config.seed() + 1);
        Trainer trainer = adam(p, config.learningRate(), config.clipNorm(), quiet);
        StepTimes times = new StepTimes(steps);
        History history = trainer.fit(config.cell() + " language model", steps, step -> {
            long start = System.nanoTime();
            double loss = model.loss(CharRnn.randomWindows(train, config.batchSize(), config.seqLength(), windows), true);
            times.record(step, start);
            return loss;
        });
        return new Language(config.cell(), model, history, model.bitsPerChar(val, valChars), times.medianMs());
    }

    /**
     * The same language model on a {@link Budget} of steps or CPU seconds, validated {@code evaluations} times
     * (bits per character on the first {@code valChars} of {@code val}): the scores of the returned run are bits
     * per character. With a budget of CPU seconds, cells of different cost get the same compute.
     */
    public static TimedRun<CharRnn> timedLanguage(CharVocabulary vocabulary, CharRnnConfig config, int[] train, int[] val,
                                                  int valChars, Budget budget, int evaluations) {
        Params p = new Params(DataType.FLOAT);
        CharRnn model = new CharRnn(vocabulary, config, p, new Rng(config.seed()));
        Rng windows = new Rng(config.seed() + 1);
        return TimedRun.train(config.cell().label(), model, p, new Adam(config.learningRate()), config.clipNorm(), budget,
                evaluations, s -> model.loss(CharRnn.randomWindows(train, config.batchSize(), config.seqLength(), windows), true),
                () -> model.bitsPerChar(val, valChars));
    }

    /** The loop every run here uses: Adam, global-norm clipping, the live display unless {@code quiet}. */
    private static Trainer adam(Params p, double learningRate, double clipNorm, boolean quiet) {
        Trainer trainer = new Trainer(new Optimizer(p, new Adam(learningRate))).clipGradNorm(clipNorm);
        return quiet ? trainer.quiet() : trainer;
    }

    /**
     * Wall time of each training step's forward and backward pass (the optimiser step excluded); the median
     * ignores the first steps' just-in-time compilation and the occasional garbage collection, which would
     * otherwise make whichever model trains first in a notebook look slowest.
     */
    private static final class StepTimes {
        private final long[] nanos;

        StepTimes(int steps) {
            nanos = new long[steps];
        }

        void record(int step, long start) {
            nanos[step - 1] = System.nanoTime() - start;
        }

        double medianMs() {
            long[] sorted = nanos.clone();
            java.util.Arrays.sort(sorted);
            return sorted[sorted.length / 2] / 1e6;
        }
    }
}
