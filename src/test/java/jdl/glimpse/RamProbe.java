package jdl.glimpse;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;

import jdl.data.FashionMnist;
import jdl.data.ImageSet;
import jdl.nn.*;
import jdl.rnn.CellType;

/** Development probe (not a test): speed and learning of RAM and FC. */
public class RamProbe {
    public static void main(String[] a) {
        int steps = Integer.parseInt(a[0]);
        int clutter = Integer.parseInt(a[1]);
        int patch = Integer.parseInt(a[2]);
        int hidden = Integer.parseInt(a[3]);
        int T = Integer.parseInt(a[4]);
        double std = Double.parseDouble(a[5]);
        int ntrain = Integer.parseInt(a[6]);
        boolean fc = a.length > 7 && a[7].equals("fc");
        ImageSet items = FashionMnist.train();
        ImageSet testItems = FashionMnist.test();
        long t0 = System.nanoTime();
        Canvases train = Canvases.generate(items, ntrain, 60, clutter, 8, 1);
        Canvases test = Canvases.generate(testItems, 1000, 60, clutter, 8, 2);
        System.out.printf("data %.1f s%n", (System.nanoTime() - t0) / 1e9);
        double lr = Double.parseDouble(System.getProperty("lr", "1e-3"));
        int gh = Integer.getInteger("gh", 128), gs = Integer.getInteger("gs", 256);
        RamConfig c = new RamConfig(60, T, patch, 3, gh, gs, hidden, CellType.valueOf(System.getProperty("cell", "RNN")), std, lr, 64, 7);
        if (fc) {
            Params p = new Params(DataType.FLOAT);
            Mlp m = new Mlp(p, "fc", new MlpConfig(3600, List.of(256), 10, Activation.RELU), new Rng(7));
            var run = GlimpseExperiments.trainImageModel("FC", m, p, train, test, steps, 64, 1e-3, 7, Math.max(1, steps / 5), true);
            System.out.printf("FC %d steps %.1f s acc %s%n", steps, run.history().seconds(), java.util.Arrays.toString(run.history().metric("test accuracy")));
            return;
        }
        var run = GlimpseExperiments.trainRam(GlimpseExperiments.newRam(c), train, test, steps, Math.max(1, steps / 5), true);
        System.out.printf("RAM %d steps %.1f s (%.1f steps/s) acc %s reward %s baseline %s%n", steps, run.history().seconds(),
                steps / run.history().seconds(), java.util.Arrays.toString(run.history().metric("test accuracy")),
                java.util.Arrays.toString(run.history().metric("reward")), java.util.Arrays.toString(run.history().metric("baseline")));
        var m = run.model();
        System.out.printf("mean %.3f sample %.3f random %.3f per glimpse %s%n",
                GlimpseExperiments.accuracy(m, test, RecurrentAttentionModel.Locations.MEAN, 0),
                GlimpseExperiments.accuracy(m, test, RecurrentAttentionModel.Locations.SAMPLE, 0),
                GlimpseExperiments.accuracy(m, test, RecurrentAttentionModel.Locations.RANDOM, 0),
                java.util.Arrays.toString(GlimpseExperiments.accuracyPerGlimpse(m, test, RecurrentAttentionModel.Locations.MEAN, 0)));
    }
}
