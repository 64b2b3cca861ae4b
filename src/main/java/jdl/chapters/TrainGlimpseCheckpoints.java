package jdl.chapters;

import java.nio.file.Path;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;

import jdl.data.FashionMnist;
import jdl.glimpse.RamConfig;
import jdl.glimpse.RecurrentAttentionModel;
import jdl.nn.Layer;
import jdl.nn.ModelFile;
import jdl.nn.Params;
import jdl.tasks.Canvases;

/**
 * Trains the recurrent attention models that notebook 10 loads (its fast profile cannot train them to a useful
 * accuracy in a minute), and the two whole-image baselines at the same budget, and prints every test accuracy:
 * <pre>
 *   OMP_NUM_THREADS=1 java -cp "lib/*" jdl.chapters.TrainGlimpseCheckpoints &lt;steps&gt; &lt;output folder&gt; [ram|fc|baselines|all]
 * </pre>
 * For each task (translated, then cluttered): 20,000 training canvases (seed 1) from the training split, 4,000 test
 * canvases (seed 2) from the test split, the configuration {@link #CONFIG}, {@code steps} updates of 64 canvases,
 * saved as {@code ram-translated.bin} and {@code ram-cluttered.bin} ({@code ram}, the default). With {@code fc},
 * the fully connected network is trained at the same budget (same batches, Adam 10⁻³), and on the translated task
 * saved as {@code fc-translated.bin}, so that notebook 10 can compare RAM and FC on the same test canvases; with
 * {@code baselines} the convolutional network as well (evaluated only); {@code all} does everything.
 *
 * <p>{@code large} trains the glimpse model and the convolutional network of the large cluttered canvas
 * ({@link GlimpseExperiments#trainLarge}: 100×100, eight pieces of clutter, fresh canvases every update, side by side
 * on two threads) and saves {@code ram-large.bin} and {@code cnn-large.bin}.
 */
public final class TrainGlimpseCheckpoints {

    /** The shipped checkpoints' configuration. */
    public static final RamConfig CONFIG = RamConfig.defaults();
    public static final int TRAIN = 20_000;
    public static final int TEST = 4_000;
    public static final int PIECES = 4;
    public static final int PIECE_SIZE = 8;

    private TrainGlimpseCheckpoints() {
    }

    /** The task's training or test canvases as the checkpoints were trained and evaluated on ({@code count} first). */
    public static Canvases canvases(boolean cluttered, boolean test, int count) {
        return Canvases.generate(test ? FashionMnist.test() : FashionMnist.train(), count, CONFIG.side(),
                cluttered ? PIECES : 0, PIECE_SIZE, test ? 2 : 1);
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("args: expected <steps> <output folder> [ram|baselines|all], got "
                    + args.length + " arguments");
        }
        int steps = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        String what = args.length > 2 ? args[2] : "ram";
        if (!java.util.List.of("ram", "fc", "baselines", "all", "large").contains(what)) {
            throw new IllegalArgumentException("args[2]: expected ram, fc, baselines, all or large, got " + what);
        }
        if (what.equals("large")) {
            trainLarge(steps, out);
            return;
        }
        boolean ram = what.equals("ram") || what.equals("all");
        boolean fc = !what.equals("ram");
        boolean cnn = what.equals("baselines") || what.equals("all");
        for (boolean cluttered : new boolean[] {false, true}) {
            String task = cluttered ? "cluttered" : "translated";
            Canvases train = canvases(cluttered, false, TRAIN);
            Canvases test = canvases(cluttered, true, TEST);
            if (ram) {
                trainRam(task, train, test, steps, out);
            }
            if (fc || cnn) {
                trainBaselines(task, train, test, steps, fc, cnn, out);
            }
        }
    }

    private static void trainRam(String task, Canvases train, Canvases test, int steps, Path out) {
        RecurrentAttentionModel model = GlimpseExperiments.newRam(CONFIG);
        GlimpseExperiments.RamRun run = GlimpseExperiments.trainRam(model, train, test, steps, Math.max(1, steps / 10), true);
        Path file = out.resolve("ram-" + task + ".bin");
        ModelFile.save(file, CONFIG, model.params());
        System.out.println(String.format(Locale.ROOT, "%s RAM: %d steps x %d in %.0f s; test accuracy %.4f (policy mean), "
                + "%.4f (random locations); per evaluation %s; saved %s", task, steps, CONFIG.batchSize(),
                run.history().seconds(), GlimpseExperiments.accuracy(model, test, RecurrentAttentionModel.Locations.MEAN, 0),
                GlimpseExperiments.accuracy(model, test, RecurrentAttentionModel.Locations.RANDOM, 0),
                java.util.Arrays.toString(run.history().metric("test accuracy")), file));
    }

    private static void trainBaselines(String task, Canvases train, Canvases test, int steps, boolean fc, boolean cnn,
                                       Path out) {
        for (String kind : new String[] {"FC", "CNN"}) {
            if (kind.equals("FC") ? !fc : !cnn) {
                continue;
            }
            Params p = new Params(DataType.FLOAT);
            Layer net = kind.equals("FC") ? GlimpseExperiments.fullyConnected(p, CONFIG.side(), CONFIG.seed())
                    : GlimpseExperiments.convolutional(p, CONFIG.side(), CONFIG.seed());
            GlimpseExperiments.ImageRun r = GlimpseExperiments.trainImageModel(kind, net, p, train, test, steps,
                    CONFIG.batchSize(), 1e-3, CONFIG.seed(), Math.max(1, steps / 10), true);
            System.out.println(String.format(Locale.ROOT, "%s %s: %d steps x %d in %.0f s; test accuracy %.4f; per evaluation %s",
                    task, kind, steps, CONFIG.batchSize(), r.history().seconds(), r.history().last("test accuracy"),
                    java.util.Arrays.toString(r.history().metric("test accuracy"))));
            if (kind.equals("FC") && task.equals("translated")) {
                Path file = out.resolve("fc-translated.bin");
                ModelFile.save(file, GlimpseExperiments.fullyConnected(new Params(DataType.FLOAT), CONFIG.side(),
                        CONFIG.seed()).config(), p);
                System.out.println("saved " + file);
            }
        }
    }

    private static void trainLarge(int steps, Path out) {
        Canvases test = GlimpseExperiments.largeTest(GlimpseExperiments.LARGE_TEST);
        GlimpseExperiments.LargeRuns runs = GlimpseExperiments.trainLarge(steps, Math.max(1, steps / 6), test, true);
        Path ramFile = out.resolve("ram-large.bin");
        Path cnnFile = out.resolve("cnn-large.bin");
        ModelFile.save(ramFile, runs.ram().model().config(), runs.ram().model().params());
        ModelFile.save(cnnFile, new GlimpseExperiments.ConvolutionalConfig(GlimpseExperiments.LARGE_SIDE,
                GlimpseExperiments.LARGE_SEED), runs.cnn().params());
        System.out.println(String.format(Locale.ROOT, "large canvas, %d updates x 64: glimpse model %.4f (random "
                + "locations %.4f) in %.0f s, convolutional network %.4f in %.0f s; per evaluation %s and %s; saved %s "
                + "and %s", steps, runs.ram().history().last("test accuracy"),
                GlimpseExperiments.accuracy(runs.ram().model(), test, RecurrentAttentionModel.Locations.RANDOM, 0),
                runs.ram().history().seconds(), runs.cnn().history().last("test accuracy"), runs.cnn().history().seconds(),
                java.util.Arrays.toString(runs.ram().history().metric("test accuracy")),
                java.util.Arrays.toString(runs.cnn().history().metric("test accuracy")), ramFile, cnnFile));
    }
}
