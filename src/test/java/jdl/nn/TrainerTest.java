package jdl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.config.IUpdater;

/** The training loop: it learns, it stops on NaN with a message that says why, it evaluates on time, it repeats. */
class TrainerTest {

    private static final double[] TRUE_W = {1.5, -2.0, 0.5};
    private static final double TRUE_B = 0.3;

    /** y = x w + b + 0.01 noise, 64 examples. */
    private record Regression(INDArray x, INDArray y) {
        static Regression make(long seed) {
            Rng rng = new Rng(seed);
            INDArray x = rng.normal(DataType.DOUBLE, 1.0, 64, 3);
            INDArray w = Nd4j.create(TRUE_W, new long[] {3, 1}, DataType.DOUBLE);
            INDArray y = x.mmul(w).addi(TRUE_B).addi(rng.normal(DataType.DOUBLE, 0.01, 64, 1));
            return new Regression(x, y);
        }
    }

    /** A linear model trained with {@code updater} on the regression. */
    private static History fitLinear(Params p, Linear fc, IUpdater updater, int steps, Regression data) {
        MeanSquaredError mse = new MeanSquaredError();
        return new Trainer(new Optimizer(p, updater)).quiet().fit("regression", steps, s -> {
            double loss = mse.forward(fc.forward(data.x()), data.y());
            fc.backward(mse.backward());
            return loss;
        });
    }

    @Test
    void aTinyRegressionLearns() {
        Params p = new Params(DataType.DOUBLE);
        Linear fc = new Linear(p, "fc", 3, 1, Init.XAVIER_UNIFORM, new Rng(1));
        History h = fitLinear(p, fc, new Adam(0.05), 300, Regression.make(2));
        double[] losses = h.losses();
        assertEquals(300, losses.length);
        double factor = losses[0] / h.recentLoss(10);
        System.out.printf("regression: loss %.4g → %.4g (factor %.0f) in %.2f s%n", losses[0], h.recentLoss(10), factor,
                h.seconds());
        assertTrue(factor > 1000, "the loss should fall by more than 1000×, fell by " + factor);
        // and it found the weights that made the data (noise 0.01)
        assertArrayEquals(TRUE_W, Shapes.doubles(fc.weight().value()), 0.02);
        assertEquals(TRUE_B, fc.bias().value().getDouble(0), 0.02);
    }

    private static final Pattern STEP = Pattern.compile("step (\\d+)");

    private static int stepIn(String message) {
        Matcher m = STEP.matcher(message);
        assertTrue(m.find(), "the message should name the step: " + message);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void aDivergingLearningRateStopsWithTheStepAndTheLoss() {
        Params p = new Params(DataType.DOUBLE);
        Linear fc = new Linear(p, "fc", 3, 1, Init.XAVIER_UNIFORM, new Rng(1));
        TrainingDiverged e = assertThrows(TrainingDiverged.class,
                () -> fitLinear(p, fc, new Sgd(10.0), 5000, Regression.make(2)));
        System.out.println("diverged: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("regression: "), e.getMessage());
        assertTrue(e.getMessage().matches(".*(loss is (NaN|Infinity) at step \\d+"
                + "|gradient of fc\\.[Wb] is NaN or infinite at step \\d+ \\(loss"
                + "|parameter fc\\.[Wb] became NaN or infinite after step \\d+ \\(loss).*"), e.getMessage());
        int step = stepIn(e.getMessage());
        assertTrue(step > 10 && step < 5000, "it grows for a while, then overflows: step " + step);
    }

    @Test
    void aNaNLossNamesTheStepAndThePreviousLoss() {
        Params p = new Params(DataType.DOUBLE);
        p.add("w", Nd4j.ones(DataType.DOUBLE, 1, 2));
        Trainer trainer = new Trainer(new Optimizer(p, new Sgd(0.1))).quiet();
        TrainingDiverged e = assertThrows(TrainingDiverged.class,
                () -> trainer.fit("nan loss", 10, s -> s == 3 ? Double.NaN : 1.0 / s));
        assertEquals("nan loss: the loss is NaN at step 3 (previous 0.5); lower the learning rate or clip the gradients",
                e.getMessage());
    }

    @Test
    void aNaNGradientNamesTheParameterAndNoStepIsTaken() {
        Params p = new Params(DataType.DOUBLE);
        p.add("a", Nd4j.ones(DataType.DOUBLE, 1, 2));
        p.add("b", Nd4j.ones(DataType.DOUBLE, 1, 2));
        Trainer trainer = new Trainer(new Optimizer(p, new Sgd(0.1))).quiet();
        TrainingDiverged e = assertThrows(TrainingDiverged.class, () -> trainer.fit("nan grad", 10, s -> {
            p.get("a").grad().assign(1);
            p.get("b").grad().putScalar(0, 1, s == 2 ? Double.NaN : 1);
            return 0.25;
        }));
        assertEquals("nan grad: the gradient of b is NaN or infinite at step 2 (loss 0.250000)", e.getMessage());
        assertNull(p.firstNonFiniteValue(), "the NaN gradient must not reach the parameters");
        assertEquals(0.9, p.get("a").value().getDouble(0), 1e-15, "one step (step 1) was taken, not two");
    }

    @Test
    void aParameterThatOverflowsIsNamed() {
        Params p = new Params(DataType.DOUBLE);
        p.add("w", Nd4j.ones(DataType.DOUBLE, 1, 2));
        Trainer trainer = new Trainer(new Optimizer(p, new Sgd(1e300))).quiet();
        TrainingDiverged e = assertThrows(TrainingDiverged.class, () -> trainer.fit("overflow", 10, s -> {
            p.get("w").grad().assign(1e300);            // finite, but lr · g overflows
            return 2.0;
        }));
        assertEquals("overflow: parameter w became NaN or infinite after step 1 (loss 2.00000)", e.getMessage());
    }

    @Test
    void clippingHappensBeforeTheStep() {
        Params p = new Params(DataType.DOUBLE);
        p.add("w", Nd4j.zeros(DataType.DOUBLE, 1, 2));
        Trainer trainer = new Trainer(new Optimizer(p, new Sgd(1.0))).clipGradNorm(0.5).quiet();
        trainer.fit("clip", 1, s -> {
            p.get("w").grad().assign(Nd4j.create(new double[] {3, 4}, new long[] {1, 2}, DataType.DOUBLE));  // norm 5
            return 1.0;
        });
        assertArrayEquals(new double[] {-0.3, -0.4}, Shapes.doubles(p.get("w").value()), 1e-15);
    }

    @Test
    void evaluateEveryRecordsAtTheRightSteps() {
        Params p = new Params(DataType.DOUBLE);
        p.add("w", Nd4j.ones(DataType.DOUBLE, 1, 1));
        List<Integer> calls = new ArrayList<>();
        History h = new Trainer(new Optimizer(p, new Sgd(0.1))).quiet()
                .evaluateEvery(5, s -> {
                    calls.add(s);
                    return Map.of("step seen", (double) s, "w", p.get("w").value().getDouble(0));
                })
                .fit("eval", 12, s -> {
                    p.get("w").grad().assign(1);
                    return 1.0;
                });
        assertEquals(List.of(5, 10, 12), calls, "every 5 steps and after the last");
        assertArrayEquals(new double[] {5, 10, 12}, h.metricSteps("step seen"), 0);
        assertArrayEquals(new double[] {5, 10, 12}, h.metric("step seen"), 0);
        // evaluated after that step's update: w = 1 − 0.1 s
        assertArrayEquals(new double[] {0.5, 0.0, -0.2}, h.metric("w"), 1e-12);
        assertEquals(-0.2, h.last("w"), 1e-12);
        assertEquals(12, h.losses().length);
    }

    /** An MLP with dropout, minibatches and Adam: every source of randomness is seeded. */
    private static double[] run(long initSeed, long dataSeed) {
        Params p = new Params(DataType.FLOAT);
        Mlp mlp = new Mlp(p, "mlp", new MlpConfig(4, List.of(16, 8), 3, Activation.RELU, 0.2), new Rng(initSeed));
        Rng data = new Rng(5);
        INDArray x = data.normal(DataType.FLOAT, 1.0, 40, 4);
        int[] labels = new int[40];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = x.getDouble(i, 0) > 0 ? (x.getDouble(i, 1) > 0 ? 2 : 1) : 0;
        }
        Batches batches = new Batches(40, 8, new Rng(dataSeed));
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        History h = new Trainer(new Optimizer(p, new Adam(1e-2))).clipGradNorm(1.0).quiet().fit("determinism", 30, s -> {
            int[] idx = batches.next();
            double loss = ce.forward(mlp.forward(Batches.rows(x, idx)), Batches.take(labels, idx));
            mlp.backward(ce.backward());
            return loss;
        });
        return h.losses();
    }

    @Test
    void sameSeedsGiveBitIdenticalLosses() {
        double[] first = run(1, 2);
        double[] second = run(1, 2);
        assertArrayEquals(first, second, 0.0, "two runs with the same seeds");
        assertFalse(Arrays.equals(first, run(1, 3)), "another shuffle seed must give other losses");
        assertFalse(Arrays.equals(first, run(7, 2)), "another initialisation seed must give other losses");
    }
}
