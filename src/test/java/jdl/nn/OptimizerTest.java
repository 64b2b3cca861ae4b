package jdl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * How we apply ND4J's updaters to the flat parameter store (checked against the formulas by hand),
 * the learning-rate schedules, gradient clipping, accumulation and zeroing, and parameter counts.
 */
class OptimizerTest {

    private static final double[] THETA = {0.5, -1.0, 2.0};

    /** A store with one parameter w [1, 3]; the optimiser packs it. */
    private static Params tiny() {
        Params p = new Params(DataType.DOUBLE);
        p.add("w", Nd4j.create(THETA, new long[] {1, 3}, DataType.DOUBLE));
        return p;
    }

    private static void setGrad(Params p, double... g) {
        p.get("w").grad().assign(Nd4j.create(g, new long[] {1, 3}, DataType.DOUBLE));
    }

    private static double[] w(Params p) {
        return Shapes.doubles(p.get("w").value());
    }

    @Test
    void adamStepsEqualTheFormula() {
        double lr = 0.01;
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        Params p = tiny();
        Optimizer adam = new Optimizer(p, new Adam(lr, beta1, beta2, eps));
        double[][] grads = {{0.1, -0.2, 0.3}, {-0.05, 0.4, 0.3}};
        double[] theta = THETA.clone();
        double[] m = new double[3];
        double[] v = new double[3];
        for (int t = 1; t <= grads.length; t++) {
            double[] g = grads[t - 1];
            setGrad(p, g);
            adam.step();
            // Kingma & Ba (2015), Algorithm 1 in the form of section 2's last paragraph (ND4J's):
            // m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², α_t = α √(1−β2^t) / (1−β1^t), θ ← θ − α_t m / (√v + ε)
            double alphaT = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
            for (int i = 0; i < 3; i++) {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                theta[i] -= alphaT * m[i] / (Math.sqrt(v[i]) + eps);
            }
            assertArrayEquals(theta, w(p), 1e-12, "after Adam step " + t);
            if (t == 1) {   // m̂ / √v̂ = sign(g) on the first step: every weight moves by about lr
                for (int i = 0; i < 3; i++) {
                    assertEquals(THETA[i] - lr * Math.signum(g[i]), w(p)[i], 1e-7);
                }
            }
            assertEquals(t, adam.iteration());
        }
    }

    @Test
    void sgdStepIsThetaMinusLearningRateTimesGradient() {
        Params p = tiny();
        Optimizer sgd = new Optimizer(p, new Sgd(0.1));
        setGrad(p, 1.0, -2.0, 0.5);
        sgd.step();
        assertArrayEquals(new double[] {0.5 - 0.1, -1.0 + 0.2, 2.0 - 0.05}, w(p), 1e-15);
        // the packed store is one array: the flat values show the step too
        assertArrayEquals(w(p), Shapes.doubles(p.flatValues()), 0);
    }

    @Test
    void theScheduleSetsTheLearningRateOfEachStep() {
        Params p = tiny();
        Optimizer sgd = new Optimizer(p, new Sgd(Schedules.step(0.1, 0.5, 2)));
        double[] expectedLr = {0.1, 0.1, 0.05, 0.05, 0.025};
        double expected = THETA[0];
        for (double lr : expectedLr) {
            assertEquals(lr, sgd.learningRate(), 1e-15, "learning rate before step " + (sgd.iteration() + 1));
            setGrad(p, 1.0, 0.0, 0.0);
            sgd.step();
            expected -= lr;
            assertEquals(expected, w(p)[0], 1e-15);
        }
    }

    @Test
    void everyUpdaterMinimisesAQuadratic() {
        // L = ‖w − target‖², ∂L/∂w = 2 (w − target)
        INDArray target = Nd4j.create(new double[] {1.0, 2.0, -3.0}, new long[] {1, 3}, DataType.DOUBLE);
        for (IUpdater updater : List.of(new Adam(0.05), new Sgd(0.1), new Nesterovs(0.05, 0.9), new RmsProp(0.02))) {
            Params p = tiny();
            Optimizer opt = new Optimizer(p, updater);
            Param w = p.get("w");
            double start = w.value().distance2(target);
            for (int i = 0; i < 300; i++) {
                p.zeroGrad();
                w.grad().addi(w.value().sub(target).muli(2));
                opt.step();
            }
            double end = w.value().distance2(target);
            System.out.printf("%s: distance to the minimum %.3g → %.3g%n", updater.getClass().getSimpleName(), start, end);
            assertTrue(end < start / 20, updater + " did not minimise: " + start + " → " + end);
        }
    }

    @Test
    void scheduleValues() {
        ISchedule constant = Schedules.constant(0.3);
        assertEquals(0.3, constant.valueAt(0, 0), 0);
        assertEquals(0.3, constant.valueAt(1_000_000, 0), 0);

        ISchedule step = Schedules.step(1e-3, 0.5, 10);
        assertEquals(1e-3, step.valueAt(0, 0), 1e-18);
        assertEquals(1e-3, step.valueAt(9, 0), 1e-18);
        assertEquals(5e-4, step.valueAt(10, 0), 1e-18);
        assertEquals(2.5e-4, step.valueAt(25, 0), 1e-18);

        // warm-up over 10 steps to 1.0, cosine down to 0.1 at step 110
        ISchedule wc = Schedules.warmupCosine(1.0, 10, 110, 0.1);
        assertEquals(0.1, wc.valueAt(0, 0), 1e-12);
        assertEquals(0.5, wc.valueAt(4, 0), 1e-12);
        assertEquals(1.0, wc.valueAt(9, 0), 1e-12);
        assertEquals(1.0, wc.valueAt(10, 0), 1e-12);
        assertEquals(0.1 + 0.9 * 0.5, wc.valueAt(60, 0), 1e-12);                     // half-way: cos(π/2) = 0
        assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI / 4)), wc.valueAt(35, 0), 1e-12);
        assertEquals(0.1, wc.valueAt(110, 0), 1e-12);
        assertEquals(0.1, wc.valueAt(5000, 0), 1e-12);
        assertEquals(1.0, Schedules.warmupCosine(1.0, 0, 10, 0).valueAt(0, 0), 1e-12);  // no warm-up

        // Vaswani et al.: d^−0.5 · min(t^−0.5, t · w^−1.5), t = iteration + 1
        ISchedule tr = Schedules.transformer(512, 4000, 1.0);
        double d = Math.pow(512, -0.5);
        assertEquals(d * Math.pow(4000, -1.5), tr.valueAt(0, 0), 1e-15);
        assertEquals(d * Math.pow(4000, -0.5), tr.valueAt(3999, 0), 1e-15);             // the peak, t = warmup
        assertEquals(d * Math.pow(16000, -0.5), tr.valueAt(15999, 0), 1e-15);
        assertEquals(tr.valueAt(3999, 0) / 2, tr.valueAt(15999, 0), 1e-15);             // 4× the steps: half
        assertTrue(tr.valueAt(3998, 0) < tr.valueAt(3999, 0) && tr.valueAt(4000, 0) < tr.valueAt(3999, 0));
        assertEquals(2 * tr.valueAt(100, 0), Schedules.transformer(512, 4000, 2.0).valueAt(100, 0), 1e-15);
    }

    @Test
    void clipGradNormScalesToTheMaxNormAndReturnsTheNormBefore() {
        Params p = new Params(DataType.DOUBLE);
        p.add("a", Nd4j.zeros(DataType.DOUBLE, 1, 2));
        p.add("b", Nd4j.zeros(DataType.DOUBLE, 1, 1));
        p.get("a").grad().assign(Nd4j.create(new double[] {3, 4}, new long[] {1, 2}, DataType.DOUBLE));
        p.get("b").grad().assign(12);
        assertEquals(13.0, p.gradNorm(), 1e-12);                       // √(9 + 16 + 144)
        assertEquals(13.0, p.clipGradNorm(100), 1e-12);                // below the maximum: unchanged
        assertArrayEquals(new double[] {3, 4, 12}, Shapes.doubles(p.flatGrads()), 0);
        assertEquals(13.0, p.clipGradNorm(6.5), 1e-12);
        assertArrayEquals(new double[] {1.5, 2, 6}, Shapes.doubles(p.flatGrads()), 1e-12);
        assertArrayEquals(new double[] {1.5, 2}, Shapes.doubles(p.get("a").grad()), 1e-12);   // the views see it
        assertEquals(6.5, p.gradNorm(), 1e-12);
    }

    /** Gradients of two half-batches, accumulated, equal the gradient of the whole batch. */
    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        for (boolean packed : new boolean[] {false, true}) {
            Params p = new Params(DataType.DOUBLE);
            Linear fc = new Linear(p, "fc", 4, 3, Init.XAVIER_UNIFORM, new Rng(1));
            if (packed) {
                p.pack();
            }
            Rng rng = new Rng(2);
            INDArray x = rng.normal(DataType.DOUBLE, 1.0, 6, 4);
            INDArray dy = rng.normal(DataType.DOUBLE, 1.0, 6, 3);
            fc.forward(x);
            fc.backward(dy);
            double[] whole = Shapes.doubles(fc.weight().grad());
            double[] wholeBias = Shapes.doubles(fc.bias().grad());

            p.zeroGrad();
            assertEquals(0.0, p.gradNorm(), 0, "zeroGrad (packed=" + packed + ")");
            for (int half = 0; half < 2; half++) {
                int[] rows = half == 0 ? new int[] {0, 1, 2} : new int[] {3, 4, 5};
                fc.forward(x.getRows(rows));
                fc.backward(dy.getRows(rows));
            }
            assertArrayEquals(whole, Shapes.doubles(fc.weight().grad()), 1e-12, "accumulated dW, packed=" + packed);
            assertArrayEquals(wholeBias, Shapes.doubles(fc.bias().grad()), 1e-12, "accumulated db, packed=" + packed);
            assertTrue(p.gradNorm() > 0.1);

            p.zeroGrad();
            assertEquals(0.0, p.gradNorm(), 0);
            assertEquals(0.0, fc.weight().grad().norm2Number().doubleValue(), 0, "zeroGrad reaches the parameter's view");
        }
    }

    @Test
    void packingKeepsValuesAndMakesViews() {
        Params p = new Params(DataType.DOUBLE);
        Linear fc = new Linear(p, "fc", 3, 2, Init.XAVIER_UNIFORM, new Rng(1));
        double[] before = Shapes.doubles(fc.weight().value());
        p.pack();
        assertArrayEquals(before, Shapes.doubles(fc.weight().value()), 0);
        p.flatValues().putScalar(0, 0, 42.0);          // the first element of fc.W
        assertEquals(42.0, fc.weight().value().getDouble(0, 0), 0);
        fc.bias().grad().putScalar(0, 1, 7.0);         // fc.b follows fc.W's 6 values
        assertEquals(7.0, p.flatGrads().getDouble(0, 6 + 1), 0);
    }

    @Test
    void gradientChecksWorkOnAPackedStore() {
        Params p = new Params(DataType.DOUBLE);
        Rng rng = new Rng(3);
        Mlp mlp = new Mlp(p, "mlp", new MlpConfig(4, List.of(5), 3, Activation.TANH), rng);
        new Optimizer(p, new Adam(1e-3));     // packs: values and gradients are views into the flat arrays
        GradCheck.Result r = GradCheck.layer(mlp, p, GradCheck.randomInput(rng, 6, 4), 0, rng);
        System.out.println("packed store: " + r);
        r.assertBelow(1e-6);
        assertEquals(p.count() + 6 * 4, r.checked());
    }

    @Test
    void nonFiniteChecksNameTheParameterAndIgnoreAnOverflowingSum() {
        Params p = new Params(DataType.DOUBLE);
        p.add("a", Nd4j.zeros(DataType.DOUBLE, 1, 2));
        p.add("b", Nd4j.zeros(DataType.DOUBLE, 1, 2));
        p.get("a").grad().assign(1e308);                 // finite, but their sum is not
        p.get("b").grad().assign(1e308);
        assertEquals(null, p.firstNonFiniteGrad(), "every gradient is finite; only the sum overflows");
        p.get("b").grad().putScalar(0, 1, Double.NaN);
        assertEquals("b", p.firstNonFiniteGrad());
        p.get("b").grad().putScalar(0, 1, 1.0);
        p.get("a").grad().putScalar(0, 0, Double.NEGATIVE_INFINITY);
        assertEquals("a", p.firstNonFiniteGrad());
        assertEquals(null, p.firstNonFiniteValue());
        p.get("b").value().putScalar(0, 0, Double.POSITIVE_INFINITY);
        assertEquals("b", p.firstNonFiniteValue());
    }

    @Test
    void parameterCountsByName() {
        Params p = new Params(DataType.DOUBLE);
        new Mlp(p, "mlp", new MlpConfig(10, List.of(8, 6), 3, Activation.TANH, 0.5), new Rng(1));
        Map<String, Long> counts = p.counts();
        assertEquals(List.of("mlp.fc1.W", "mlp.fc1.b", "mlp.fc2.W", "mlp.fc2.b", "mlp.out.W", "mlp.out.b"),
                List.copyOf(counts.keySet()), "registration order");
        assertEquals(Map.of("mlp.fc1.W", 80L, "mlp.fc1.b", 8L, "mlp.fc2.W", 48L, "mlp.fc2.b", 6L,
                "mlp.out.W", 18L, "mlp.out.b", 3L), counts);
        assertEquals(163, p.count());
        assertEquals(163, p.flatValues().length());
        System.out.println(p);
    }
}
