package jdl.chapters;

import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import jdl.glimpse.RamConfig;
import jdl.glimpse.RecurrentAttentionModel;
import jdl.nn.Batches;
import jdl.nn.History;
import jdl.nn.Layer;
import jdl.nn.Metrics;
import jdl.nn.Optimizer;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.SoftmaxCrossEntropy;
import jdl.nn.Trainer;
import jdl.tasks.Canvases;

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
        jdl.nn.Mlp fc = fullyConnected(params, (int) Math.round(Math.sqrt(config.input())), TrainGlimpseCheckpoints.CONFIG.seed());
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
        Batches batches = new Batches(train.size(), model.config().batchSize(), new Rng(model.config().seed() + 1));
        return trainRam(model, step -> train.select(batches.next()), test, steps, evalEvery, quiet);
    }

    /** As {@link #trainRam(RecurrentAttentionModel, Canvases, Canvases, int, int, boolean)}, step s on {@code batch(s)}. */
    public static RamRun trainRam(RecurrentAttentionModel model, IntFunction<Canvases> batch, Canvases test, int steps,
                                  int evalEvery, boolean quiet) {
        RamConfig c = model.config();
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
            Canvases b = batch.apply(step);
            RecurrentAttentionModel.StepResult r = model.trainStep(b.pixels(), b.labels(), sampling);
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

    /** The predicted class of every canvas of {@code data}, locations chosen by {@code how}, in batches of 500. */
    public static int[] predictions(RecurrentAttentionModel model, Canvases data, RecurrentAttentionModel.Locations how,
                                    long seed) {
        int[] out = new int[data.size()];
        Rng rng = new Rng(seed);
        for (int from = 0; from < data.size(); from += 500) {
            int to = Math.min(data.size(), from + 500);
            int[] p = model.rollout(data.pixels(from, to), to - from, how, null, rng).predictions();
            System.arraycopy(p, 0, out, from, p.length);
        }
        return out;
    }

    /** The predicted class of every canvas of {@code data} by a whole-image network. */
    public static int[] predictions(Layer model, Canvases data) {
        return Metrics.argmax(Metrics.predict(model, data.images(), 500));
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
        return trainImageModel(title, model, params, step -> train.select(batches.next()), test, steps, learningRate,
                evalEvery, quiet);
    }

    /** As the method above, step s on the canvases {@code batch(s)}. */
    public static ImageRun trainImageModel(String title, Layer model, Params params, IntFunction<Canvases> batch,
                                           Canvases test, int steps, double learningRate, int evalEvery, boolean quiet) {
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Trainer trainer = new Trainer(new Optimizer(params, new Adam(schedule(learningRate, steps)))).clipGradNorm(CLIP)
                .evaluateEvery(evalEvery, step -> Map.of("test accuracy", accuracy(model, test)));
        if (quiet) {
            trainer.quiet();
        }
        History h = trainer.fit(title, steps, step -> {
            Canvases b = batch.apply(step);
            double value = loss.forward(model.forward(b.images()), b.labels());
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

    // ---- the large cluttered canvas: glimpses against a convolutional network at matched compute per image ----

    /** Side of the large canvas (the paper's largest cluttered task: 100×100 with eight 8×8 pieces of clutter). */
    public static final int LARGE_SIDE = 100;
    /** Clutter pieces on the large canvas, each {@link #PIECE}×{@link #PIECE}. */
    public static final int LARGE_PIECES = 8;
    public static final int PIECE = 8;
    /** Updates of 64 canvases for both models on the large canvas; every update draws 64 new canvases. */
    public static final int LARGE_STEPS = 3_000;
    /** Test canvases of the large task that the checkpoints were evaluated on. */
    public static final int LARGE_TEST = 2_000;
    /** Seed of the large task's convolutional network. */
    public static final long LARGE_SEED = 7;

    /** How a shipped convolutional network was built: {@link #convolutional}({@code side}, {@code seed}). */
    public record ConvolutionalConfig(int side, long seed) {
    }

    /** The shipped glimpse model of the large canvas, checksum-verified from {@code data/glimpse/ram-large.bin}. */
    public static RecurrentAttentionModel largeRamCheckpoint() {
        return load(jdl.data.DataFiles.verified("glimpse/ram-large.bin"));
    }

    /** The shipped convolutional network of the large canvas, from {@code data/glimpse/cnn-large.bin}. */
    public static jdl.nn.Sequential largeCnnCheckpoint() {
        java.nio.file.Path file = jdl.data.DataFiles.verified("glimpse/cnn-large.bin");
        ConvolutionalConfig config = jdl.nn.ModelFile.readConfig(file, ConvolutionalConfig.class);
        Params params = new Params(DataType.FLOAT);
        jdl.nn.Sequential cnn = convolutional(params, config.side(), config.seed());
        jdl.nn.ModelFile.loadInto(file, params);
        return cnn;
    }

    /**
     * The glimpse model of the large canvas: 8 glimpses of 4 scales (16, 32, 64 and 128 pixels, each read as 16×16),
     * so that the coarsest patch of the first glimpse covers the whole canvas; otherwise as the 60×60 models, with the
     * paper's location network (κ = 1).
     */
    public static RamConfig largeConfig() {
        return RamConfig.defaults().side(LARGE_SIDE).glimpses(8).scales(4).policyScale(1.0);
    }

    /** Test canvases of the large task: items of the test split, seed 2 ({@code count} first). */
    public static Canvases largeTest(int count) {
        return Canvases.cluttered(jdl.data.FashionMnist.test(), count, LARGE_SIDE, LARGE_PIECES, PIECE, 2);
    }

    /** The training batches of the large task: update s gets 64 new canvases from the training split, seed 1,000 + s. */
    public static IntFunction<Canvases> largeBatches() {
        return Canvases.batches(jdl.data.FashionMnist.train(), 64, LARGE_SIDE, LARGE_PIECES, PIECE, 1_000L);
    }

    /**
     * Multiply-adds of one forward pass of the glimpse model on one canvas: per glimpse, the sensor's averaging (one
     * addition per pixel read), h_g, h_l, g, the core step and the location network (not after the last glimpse);
     * then the classifier. The baseline is used only in training and not counted.
     */
    public static long multiplyAdds(RamConfig c) {
        long sensor = 0;
        for (int k = 0; k < c.scales(); k++) {
            long side = (long) c.patch() << k;
            sensor += side * side;
        }
        long rho = (long) c.scales() * c.patch() * c.patch();
        long glimpse = rho * c.glimpseHidden() + 2L * c.glimpseHidden() + 2L * c.glimpseHidden() * c.glimpseSize();
        int gates = switch (c.cell()) {
            case RNN -> 1;
            case GRU -> 3;
            case LSTM -> 4;
        };
        long core = (long) (c.glimpseSize() + c.hidden()) * c.hidden() * gates;
        long location = 2L * c.hidden();
        return c.glimpses() * (sensor + glimpse + core) + (c.glimpses() - 1) * location + 10L * c.hidden();
    }

    /** Multiply-adds of one forward pass of {@link #convolutional} on one canvas of {@code side}×{@code side}. */
    public static long convolutionalMultiplyAdds(int side) {
        long conv1Side = (side + 2 * 2 - 5) / 2 + 1;                 // 5×5, stride 2, padding 2
        long conv2Side = conv1Side / 2;                               // after max-pool 2; 3×3, padding 1 keeps the side
        long fcIn = 16 * (conv2Side / 3) * (conv2Side / 3);           // after max-pool 3
        return conv1Side * conv1Side * 8 * 25 + conv2Side * conv2Side * 16 * 8 * 9 + fcIn * 64 + 64 * 10;
    }

    /** A glimpse model and a convolutional network trained on the large canvas on the same batches. */
    public record LargeRuns(RamRun ram, ImageRun cnn) {
    }

    /**
     * Trains the glimpse model ({@link #largeConfig()}) and the convolutional network for {@code steps} updates on the
     * same fresh batches ({@link #largeBatches}), side by side on two threads, evaluating both on {@code test} every
     * {@code evalEvery} updates.
     */
    public static LargeRuns trainLarge(int steps, int evalEvery, Canvases test, boolean quiet) {
        IntFunction<Canvases> batches = largeBatches();                 // one copy of the items, read by both threads
        java.util.List<Object> runs = jdl.nn.Parallel.map(java.util.List.of("glimpse model", "convolutional network"),
                name -> {
                    if (name.equals("glimpse model")) {
                        return trainRam(newRam(largeConfig()), batches, test, steps, evalEvery,
                                quiet);
                    }
                    Params p = new Params(DataType.FLOAT);
                    return trainImageModel("convolutional network, 100x100", convolutional(p, LARGE_SIDE, LARGE_SEED), p,
                            batches, test, steps, 1e-3, evalEvery, quiet);
                });
        return new LargeRuns((RamRun) runs.get(0), (ImageRun) runs.get(1));
    }
}
