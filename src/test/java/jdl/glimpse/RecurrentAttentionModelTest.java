package jdl.glimpse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.chapters.GlimpseExperiments;
import jdl.nn.GradCheck;
import jdl.nn.Init;
import jdl.nn.Linear;
import jdl.nn.MeanSquaredError;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.Shapes;
import jdl.rnn.CellType;
import jdl.tasks.Canvases;

/**
 * Gradient checks (double precision) of every differentiable part of the recurrent attention model, REINFORCE's
 * direction, determinism, a short training run that must learn, and bad input.
 */
class RecurrentAttentionModelTest {

    private static RamConfig tiny(CellType cell) {
        return new RamConfig(32, 3, 4, 2, 6, 5, 7, cell, 0.2, 0.5, 1e-2, 4, 11);
    }

    @Test
    void glimpseNetworkPassesTheGradientCheck() {
        Params store = new Params(DataType.DOUBLE);
        Rng rng = new Rng(2);
        GlimpseNetwork net = new GlimpseNetwork(store, "glimpse", 8, 6, 5, rng);
        INDArray rho = GradCheck.randomInput(rng, 4, 8);
        INDArray l = rng.uniform(DataType.DOUBLE, -1, 1, 4, 2);
        INDArray R = GradCheck.randomInput(rng, 4, 5);
        store.zeroGrad();
        net.forward(rho, l);
        INDArray[] d = net.backward(R);
        Map<String, INDArray> values = new LinkedHashMap<>();
        Map<String, INDArray> grads = new LinkedHashMap<>();
        store.list().forEach(q -> {
            values.put(q.name(), q.value());
            grads.put(q.name(), q.grad().dup());
        });
        values.put("rho", rho);
        grads.put("rho", d[0]);
        values.put("l", l);
        grads.put("l", d[1]);
        GradCheck.Result r = GradCheck.compare(values, grads, () -> net.forward(rho, l).mul(R).sumNumber().doubleValue(),
                1e-5, 0, rng);
        System.out.println("glimpse network: " + r);
        r.assertBelow(1e-6);
    }

    @Test
    void locationPolicyLogProbabilityGradientPassesTheGradientCheck() {
        Params store = new Params(DataType.DOUBLE);
        Rng rng = new Rng(3);
        LocationPolicy policy = new LocationPolicy(store, "location", 5, 0.15, 0.5, rng);
        INDArray h = GradCheck.randomInput(rng, 6, 5);
        INDArray l = rng.uniform(DataType.DOUBLE, -1, 1, 6, 2);                  // fixed samples
        double[] advantage = {0.7, -0.4, 1.0, 0.2, -0.9, 0.5};
        INDArray[] dh = new INDArray[1];
        GradCheck.Result r = GradCheck.check(store, Map.of("h", h), () -> Map.of("h", dh[0]), backward -> {
            policy.forward(h);
            if (backward) {
                LocationPolicy.Reinforce out = policy.reinforce(l, advantage, 3);
                dh[0] = out.dh();
                return out.loss();
            }
            double[] logPi = policy.logProb(policy.forward(h), l);
            double loss = 0;
            for (int i = 0; i < logPi.length; i++) {
                loss -= advantage[i] * logPi[i] / 3;
            }
            return loss;
        }, 0, rng);
        System.out.println("location policy, -(1/B) sum A log pi: " + r);
        r.assertBelow(1e-6);
    }

    @Test
    void logProbabilityIsTheGaussianDensity() {
        Params store = new Params(DataType.DOUBLE);
        LocationPolicy policy = new LocationPolicy(store, "location", 2, 0.5, 1, new Rng(1));
        INDArray mu = Nd4j.create(new double[] {0.1, -0.2}, new long[] {1, 2});
        INDArray l = Nd4j.create(new double[] {0.3, 0.4}, new long[] {1, 2});
        double density = Math.exp(-0.2 * 0.2 / 0.5) / (2 * Math.PI * 0.25);          // N(0.3; 0.1, .25)·N(0.4; −0.2, .25)
        density *= Math.exp(-0.6 * 0.6 / 0.5) / Math.exp(0);
        assertEquals(Math.log(density), policy.logProb(mu, l)[0], 1e-12);
    }

    @Test
    void reinforceMovesTheMeanTowardsRewardedSamplesAndAwayFromOthers() {
        for (double advantage : new double[] {1, -1}) {
            Params store = new Params(DataType.DOUBLE);
            LocationPolicy policy = new LocationPolicy(store, "location", 3, 0.2, 1, new Rng(4));
            INDArray h = GradCheck.randomInput(new Rng(5), 1, 3);
            INDArray mu = policy.forward(h).dup();
            INDArray l = mu.add(Nd4j.create(new double[] {0.1, -0.1}, new long[] {1, 2}));
            store.zeroGrad();
            policy.reinforce(l, new double[] {advantage}, 1);
            store.flatValues().subi(store.flatGrads().mul(0.01));                   // one small gradient step
            INDArray moved = policy.forward(h).sub(mu);
            double towards = moved.getDouble(0, 0) * 0.1 + moved.getDouble(0, 1) * -0.1;
            assertTrue(advantage > 0 ? towards > 0 : towards < 0, "advantage " + advantage + ": mu moved " + moved);
        }
    }

    @Test
    void baselineAndClassifierPassTheGradientCheck() {
        Params store = new Params(DataType.DOUBLE);
        Rng rng = new Rng(6);
        Linear baseline = new Linear(store, "baseline", 5, 1, Init.XAVIER_UNIFORM, rng);
        INDArray h = GradCheck.randomInput(rng, 7, 5);
        INDArray reward = Nd4j.create(new double[] {1, 0, 1, 1, 0, 0, 1}, new long[] {7, 1});
        MeanSquaredError mse = new MeanSquaredError();
        INDArray[] dh = new INDArray[1];
        GradCheck.Result r = GradCheck.check(store, Map.of("h", h), () -> Map.of("h", dh[0]), backward -> {
            double loss = mse.forward(baseline.forward(h), reward);
            if (backward) {
                dh[0] = baseline.backward(mse.backward());
            }
            return loss;
        }, 0, rng);
        System.out.println("baseline, MSE to R: " + r);
        r.assertBelow(1e-6);
    }

    /** The cross-entropy through classifier, unrolled core (BPTT) and glimpse network, the locations fixed. */
    private static void unrolledModelGradientCheck(CellType cell) {
        RamConfig config = tiny(cell);
        Params p = new Params(DataType.DOUBLE);
        RecurrentAttentionModel model = new RecurrentAttentionModel(config, 5, p);
        Rng rng = new Rng(7);
        // biases start at 0, and the first location is (0, 0): h_l = ReLU(0·W + 0) would sit exactly on ReLU's kink,
        // where a central difference sees both slopes; small random biases move every unit off it
        p.list().stream().filter(q -> q.name().endsWith(".b")).forEach(q -> q.value().assign(
                rng.normal(DataType.DOUBLE, 0.5, q.shape())));
        int n = 3;
        float[] pixels = new float[n * 32 * 32];
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = (float) rng.uniform();
        }
        int[] labels = {0, 3, 4};
        RecurrentAttentionModel.Rollout first = model.rollout(pixels, n, RecurrentAttentionModel.Locations.SAMPLE, null, rng);
        double[][] fixed = first.locations();
        p.zeroGrad();
        model.classificationLoss(first, labels, true);
        Map<String, INDArray> values = new LinkedHashMap<>();
        Map<String, INDArray> grads = new LinkedHashMap<>();
        p.list().forEach(q -> {
            values.put(q.name(), q.value());
            grads.put(q.name(), q.grad().dup());
        });
        GradCheck.Result r = GradCheck.compare(values, grads, () -> model.classificationLoss(
                model.rollout(pixels, n, RecurrentAttentionModel.Locations.SAMPLE, fixed, null), labels, false), 1e-5, 12, new Rng(9));
        System.out.println(cell + " core, unrolled over " + config.glimpses() + " glimpses: " + r);
        r.assertBelow(1e-6);
        assertTrue(r.worstPerVariable().containsKey("core.Wh") || r.worstPerVariable().containsKey("core.Wx"));
        assertTrue(grads.get("glimpse.what.W").norm2Number().doubleValue() > 0, "the loss reaches the glimpse network");
    }

    @Test
    void unrolledRnnCorePassesTheGradientCheck() {
        unrolledModelGradientCheck(CellType.RNN);
    }

    @Test
    void unrolledLstmCorePassesTheGradientCheck() {
        unrolledModelGradientCheck(CellType.LSTM);
    }

    @Test
    void theSameSeedGivesTheSameTraining() {
        Canvases data = Canvases.translated(CanvasesAndSensorTest.fakeItems(), 40, 32, 1);
        double[][] runs = new double[2][];
        for (int k = 0; k < 2; k++) {
            RecurrentAttentionModel model = GlimpseExperiments.newRam(tiny(CellType.RNN));
            GlimpseExperiments.RamRun run = GlimpseExperiments.trainRam(model, data, data.slice(0, 10), 5, 5, true);
            runs[k] = run.history().losses();
            assertEquals(5, runs[k].length);
        }
        assertArrayEquals(runs[0], runs[1], 0);
        RecurrentAttentionModel other = GlimpseExperiments.newRam(tiny(CellType.RNN).withSeed(12));
        double[] otherLosses = GlimpseExperiments.trainRam(other, data, data.slice(0, 10), 5, 5, true).history().losses();
        assertTrue(otherLosses[4] != runs[0][4], "another seed trains differently");
    }

    @Test
    void configAndModelRejectBadInput() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RamConfig(60, 0, 8, 3, 64, 128, 128,
                CellType.RNN, 0.15, 1, 1e-3, 64, 1)).getMessage().contains("glimpses: expected at least 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RamConfig(60, 6, 8, 3, 64, 128, 128,
                CellType.RNN, 0, 1, 1e-3, 64, 1)).getMessage().contains("std: expected a standard deviation in (0, 1], got 0.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RamConfig(60, 6, 8, 3, 64, 128, 128,
                CellType.RNN, 0.1, 1.5, 1e-3, 64, 1)).getMessage().contains("policyScale: expected a scale in (0, 1], got 1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RamConfig(60, 6, 80, 3, 64, 128, 128,
                CellType.RNN, 0.1, 1, 1e-3, 64, 1)).getMessage().contains("patch: expected at most the canvas side 60, got 80"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RamConfig(60, 6, 8, 3, 64, 128, 128,
                null, 0.1, 1, 1e-3, 64, 1)).getMessage().contains("cell"));
        RecurrentAttentionModel model = new RecurrentAttentionModel(tiny(CellType.RNN), 5, new Params(DataType.DOUBLE));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> model.rollout(new float[100], 1,
                RecurrentAttentionModel.Locations.MEAN, null, new Rng(1))).getMessage().contains("expected 1 canvases of 32x32 = 1024 values, got 100"));
        RecurrentAttentionModel.Rollout r = model.rollout(new float[2048], 2, RecurrentAttentionModel.Locations.MEAN, null, new Rng(1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> model.classificationLoss(r, new int[] {1}, false))
                .getMessage().contains("labels: expected 2 (one per image), got 1"));
        assertThrows(IllegalArgumentException.class, () -> model.rollout(new float[1024], 1,
                RecurrentAttentionModel.Locations.MEAN, new double[][] {{0, 0}}, null));
    }

    @Test
    void baselinesAreTheBaselineNetworkOnEachDecidingState() {
        RecurrentAttentionModel model = new RecurrentAttentionModel(tiny(CellType.RNN), 5, new Params(DataType.DOUBLE));
        Rng rng = new Rng(4);
        float[] pixels = new float[2 * 1024];
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = (float) rng.uniform();
        }
        RecurrentAttentionModel.Rollout r = model.rollout(pixels, 2, RecurrentAttentionModel.Locations.SAMPLE, null, rng);
        double[][] b = model.baselines(r);
        assertEquals(2, b.length, "one row per decision, T − 1 = 2");
        INDArray w = model.params().get("baseline.W").value();
        double bias = model.params().get("baseline.b").value().getDouble(0);
        for (int t = 0; t < 2; t++) {
            assertEquals(2, b[t].length);
            for (int i = 0; i < 2; i++) {
                double expected = r.h().get(t).getRow(i).mul(w.reshape(-1)).sumNumber().doubleValue() + bias;
                assertEquals(expected, b[t][i], 1e-12, "b_t = h_t W_b + b_b at t = " + t + ", image " + i);
            }
        }
        assertTrue(b[0][0] != b[1][0], "different states give different baselines");
    }

    @Test
    void meanAndRandomLocationsBehaveAsNamed() {
        RecurrentAttentionModel model = new RecurrentAttentionModel(tiny(CellType.RNN), 5, new Params(DataType.DOUBLE));
        float[] pixels = new float[2 * 1024];
        RecurrentAttentionModel.Rollout a = model.rollout(pixels, 2, RecurrentAttentionModel.Locations.MEAN, null, new Rng(1));
        RecurrentAttentionModel.Rollout b = model.rollout(pixels, 2, RecurrentAttentionModel.Locations.MEAN, null, new Rng(2));
        assertArrayEquals(a.locations()[2], b.locations()[2], 0);                    // the mean ignores the generator
        assertArrayEquals(new double[4], a.locations()[0], 0);                       // the first glimpse at the centre
        RecurrentAttentionModel.Rollout c = model.rollout(pixels, 2, RecurrentAttentionModel.Locations.RANDOM, null, new Rng(1));
        RecurrentAttentionModel.Rollout d = model.rollout(pixels, 2, RecurrentAttentionModel.Locations.RANDOM, null, new Rng(2));
        assertTrue(c.locations()[1][0] != d.locations()[1][0]);
        for (double[] step : c.locations()) {
            for (double v : step) {
                assertTrue(v >= -1 && v <= 1);
            }
        }
    }

    @Test
    void aShortTrainingRunLearnsAboveChance() {
        // the two positions of a bright 4x4 square on a 32x32 canvas decide the class: a glimpse sees it
        Rng rng = new Rng(3);
        int n = 400;
        float[] px = new float[n * 1024];
        int[] labels = new int[n];
        int[][] pos = new int[n][];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(2);
            int top = 4 + rng.nextInt(24);
            int left = labels[i] == 0 ? 2 + rng.nextInt(10) : 20 + rng.nextInt(10);
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    px[i * 1024 + (top + y) * 32 + left + x] = 1;
                }
            }
            pos[i] = new int[] {top, left};
        }
        Canvases data = new Canvases(Nd4j.create(px, new long[] {n, 1024}, DataType.FLOAT), labels, pos, 32);
        RamConfig config = new RamConfig(32, 2, 4, 3, 16, 16, 16, CellType.RNN, 0.2, 1, 1e-2, 32, 5);
        RecurrentAttentionModel model = new RecurrentAttentionModel(config, 2, new Params(DataType.FLOAT));
        GlimpseExperiments.RamRun run = GlimpseExperiments.trainRam(model, data.slice(0, 300), data.slice(300, 400), 150, 150, true);
        double accuracy = run.history().last("test accuracy");
        System.out.println("toy task, 150 steps: test accuracy " + accuracy);
        assertTrue(accuracy >= 0.8, "accuracy " + accuracy);   // 0.86 with the cosine schedule (chance 0.5)
    }
}
