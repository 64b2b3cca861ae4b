package jdl.glimpse;

import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import jdl.nn.Batches;
import jdl.nn.History;
import jdl.nn.Layer;
import jdl.nn.Metrics;
import jdl.nn.Optimizer;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.SoftmaxCrossEntropy;
import jdl.nn.Trainer;

/**
 * The training runs of the hard-attention notebook, so that its cells stay short: the recurrent attention model
 * and the two baselines it is compared with (a fully connected network and a small convolutional network on the
 * whole canvas), each with Adam, the same seeded batches and the same number of updates.
 */
public final class GlimpseExperiments {

    private GlimpseExperiments() {
    }

    /** A trained RAM and what its training recorded (loss per step; test accuracy, reward and baseline). */
    public record RamRun(RecurrentAttentionModel model, History history) {
    }

    /** A trained whole-image network and its history (loss per step; test accuracy). */
    public record ImageRun(Layer model, Params params, History history) {
    }

    /** Gradient norm clipping used for every model. */
    public static final double CLIP = 5.0;

    /**
     * The learning-rate schedule of every model here: cosine decay from {@code peak} to 5% of it over the run (no
     * warm-up). The decay removes most of the step-to-step noise of the last evaluations (with a constant rate the
     * test accuracy of the same run moved by ±3 points between evaluations 200 updates apart).
     */
    public static org.nd4j.linalg.schedule.ISchedule schedule(double peak, int steps) {
        return jdl.nn.Schedules.warmupCosine(peak, 1, steps, 0.05);
    }

    /** A RAM (float) rebuilt from a model file: its configuration, then its parameters. */
    public static RecurrentAttentionModel load(java.nio.file.Path file) {
        RecurrentAttentionModel model = newRam(jdl.nn.ModelFile.readConfig(file, RamConfig.class));
        jdl.nn.ModelFile.loadInto(file, model.params());
        return model;
    }

    /** The shipped checkpoint of a task ("translated" or "cluttered"), checksum-verified from {@code data/glimpse/}. */
    public static RecurrentAttentionModel checkpoint(String task) {
        if (!task.equals("translated") && !task.equals("cluttered")) {
            throw new IllegalArgumentException("task: expected translated or cluttered, got " + task);
        }
        return load(jdl.data.DataFiles.verified("glimpse/ram-" + task + ".bin"));
    }

    /**
     * The fully connected baseline trained on the translated task at the checkpoints' budget (same canvases, batches
     * and number of updates as the RAM checkpoint), checksum-verified from {@code data/glimpse/fc-translated.bin}.
     */
    public static jdl.nn.Mlp fullyConnectedCheckpoint() {
        java.nio.file.Path file = jdl.data.DataFiles.verified("glimpse/fc-translated.bin");
        jdl.nn.MlpConfig config = jdl.nn.ModelFile.readConfig(file, jdl.nn.MlpConfig.class);
        Params params = new Params(DataType.FLOAT);
        jdl.nn.Mlp fc = fullyConnected(params, (int) Math.round(Math.sqrt(config.input())), TrainCheckpoint.CONFIG.seed());
        jdl.nn.ModelFile.loadInto(file, params);
        return fc;
    }

    /** A rollout of canvases {@code index} with locations chosen by {@code how}, e.g. to draw the glimpse paths. */
    public static RecurrentAttentionModel.Rollout rollout(RecurrentAttentionModel model, Canvases data, int[] index,
                                                          RecurrentAttentionModel.Locations how, long seed) {
        return model.rollout(data.pixels(index), index.length, how, null, new Rng(seed));
    }

    /** A new RAM (float) for {@code config} and 10 classes. */
    public static RecurrentAttentionModel newRam(RamConfig config) {
        return new RecurrentAttentionModel(config, 10, new Params(DataType.FLOAT));
    }

    /**
     * Trains {@code model} for {@code steps} updates on batches of {@code config.batchSize()} drawn from {@code train}
     * with the seed {@code config.seed() + 1}, evaluating test accuracy (policy mean) every {@code evalEvery} steps,
     * and recording the mean reward and baseline of every 10 updates ("reward", "baseline").
     */
    public static RamRun trainRam(RecurrentAttentionModel model, Canvases train, Canvases test, int steps, int evalEvery,
                                  boolean quiet) {
        RamConfig c = model.config();
        Batches batches = new Batches(train.size(), c.batchSize(), new Rng(c.seed() + 1));
        Rng sampling = new Rng(c.seed() + 2);
        double[] reward = new double[steps];
        double[] baseline = new double[steps];
        Trainer trainer = new Trainer(new Optimizer(model.params(), new Adam(schedule(c.learningRate(), steps))))
                .clipGradNorm(CLIP)
                .evaluateEvery(evalEvery, step -> Map.of("test accuracy",
                        accuracy(model, test, RecurrentAttentionModel.Locations.MEAN, 0)));
        if (quiet) {
            trainer.quiet();
        }
        History h = trainer.fit(String.format(Locale.ROOT, "RAM, %d glimpses", c.glimpses()), steps, step -> {
            int[] index = batches.next();
            RecurrentAttentionModel.StepResult r = model.trainStep(train.pixels(index), train.labels(index), sampling);
            reward[step - 1] = r.reward();
            baseline[step - 1] = r.baseline();
            return r.loss();
        });
        int window = Math.min(10, steps);
        for (int end = window; end <= steps; end += window) {
            double rSum = 0;
            double bSum = 0;
            for (int k = end - window; k < end; k++) {
                rSum += reward[k];
                bSum += baseline[k];
            }
            h.record("reward", end, rSum / window);
            h.record("baseline", end, bSum / window);
        }
        return new RamRun(model, h);
    }

    /** Test accuracy of a RAM with locations chosen by {@code how} ({@code seed} for sampled or random ones). */
    public static double accuracy(RecurrentAttentionModel model, Canvases data, RecurrentAttentionModel.Locations how,
                                  long seed) {
        double[] perGlimpse = accuracyPerGlimpse(model, data, how, seed);
        return perGlimpse[perGlimpse.length - 1];
    }

    /** Accuracy of the classifier read after each glimpse t = 1 … T (the same trained model, stopped early). */
    public static double[] accuracyPerGlimpse(RecurrentAttentionModel model, Canvases data,
                                              RecurrentAttentionModel.Locations how, long seed) {
        int T = model.config().glimpses();
        double[] correct = new double[T];
        Rng rng = new Rng(seed);
        int batch = 500;
        for (int from = 0; from < data.size(); from += batch) {
            int to = Math.min(data.size(), from + batch);
            RecurrentAttentionModel.Rollout r = model.rollout(data.pixels(from, to), to - from, how, null, rng);
            int[][] predicted = model.predictionsPerGlimpse(r);
            for (int t = 0; t < T; t++) {
                for (int i = 0; i < to - from; i++) {
                    if (predicted[t][i] == data.labels()[from + i]) {
                        correct[t]++;
                    }
                }
            }
        }
        for (int t = 0; t < T; t++) {
            correct[t] /= data.size();
        }
        return correct;
    }

    /**
     * Trains a whole-image network ({@code model} with its float {@code params}) by cross-entropy with Adam at
     * {@code learningRate}, on the same seeded batches as {@link #trainRam} for the given {@code seed} and
     * {@code batchSize}, evaluating test accuracy every {@code evalEvery} steps.
     */
    public static ImageRun trainImageModel(String title, Layer model, Params params, Canvases train, Canvases test,
                                           int steps, int batchSize, double learningRate, long seed, int evalEvery,
                                           boolean quiet) {
        Batches batches = new Batches(train.size(), batchSize, new Rng(seed + 1));
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Trainer trainer = new Trainer(new Optimizer(params, new Adam(schedule(learningRate, steps)))).clipGradNorm(CLIP)
                .evaluateEvery(evalEvery, step -> Map.of("test accuracy", accuracy(model, test)));
        if (quiet) {
            trainer.quiet();
        }
        History h = trainer.fit(title, steps, step -> {
            int[] index = batches.next();
            double value = loss.forward(model.forward(Batches.rows(train.images(), index)), train.labels(index));
            model.backward(loss.backward());
            return value;
        });
        return new ImageRun(model, params, h);
    }

    /** The fully connected baseline on the whole canvas: side² → 256 (ReLU) → 10. */
    public static jdl.nn.Mlp fullyConnected(Params params, int side, long seed) {
        return new jdl.nn.Mlp(params, "fc", new jdl.nn.MlpConfig(side * side, java.util.List.of(256), 10,
                jdl.nn.Activation.RELU), new Rng(seed));
    }

    /**
     * The convolutional baseline on the whole canvas: conv 5×5, 8 filters, stride 2 → ReLU → max-pool 2 → conv 3×3,
     * 16 filters → ReLU → max-pool 3 → 64 (ReLU) → 10. For a 60×60 canvas: 30×30×8 → 15×15×8 → 15×15×16 → 5×5×16.
     */
    public static jdl.nn.Sequential convolutional(Params params, int side, long seed) {
        Rng rng = new Rng(seed);
        int afterPools = ((side + 1) / 2 / 2) / 3;
        return new jdl.nn.Sequential(java.util.List.of(new jdl.nn.Reshape(1, side, side),
                new jdl.nn.Conv2d(params, "conv1", 1, 8, 5, 2, 2, rng), new jdl.nn.Relu(), new jdl.nn.MaxPool2d(2),
                new jdl.nn.Conv2d(params, "conv2", 8, 16, 3, 1, 1, rng), new jdl.nn.Relu(), new jdl.nn.MaxPool2d(3),
                new jdl.nn.Reshape(16L * afterPools * afterPools),
                new jdl.nn.Linear(params, "fc", 16 * afterPools * afterPools, 64, jdl.nn.Init.HE_NORMAL, rng),
                new jdl.nn.Relu(), new jdl.nn.Linear(params, "out", 64, 10, jdl.nn.Init.XAVIER_UNIFORM, rng)));
    }

    /** Test accuracy of a whole-image network. */
    public static double accuracy(Layer model, Canvases data) {
        return Metrics.accuracy(Metrics.predict(model, data.images(), 500), data.labels());
    }
}
