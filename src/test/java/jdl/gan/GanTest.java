package jdl.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import jdl.nn.Activation;

class GanTest {

    private static GanConfig tiny(int discriminatorSteps) {
        return new GanConfig(2, 2, 0, List.of(8), List.of(8), Activation.RELU, GanConfig.Output.IDENTITY, 1e-3, 2e-3,
                0.5, 16, discriminatorSteps, 1.0, 1, 1);
    }

    @Test
    void learningRatesAreConstantByDefault() {
        Gan gan = new Gan(tiny(1), Samplers.ring(8, 1, 0.05));
        for (int r = 0; r < 5; r++) {
            gan.step();
        }
        assertArrayEquals(new double[] {1e-3, 2e-3}, gan.learningRates(), 1e-12);
    }

    @Test
    void stepDecayMultipliesBothRatesEveryRoundsEvenWithSeveralDiscriminatorSteps() {
        // η(t) = η₀ · 0.5^⌊t / 3⌋ in rounds; D takes 2 optimiser steps a round
        Gan gan = new Gan(tiny(2).withLrDecay(0.5, 3), Samplers.ring(8, 1, 0.05));
        double[][] expected = {{1e-3, 2e-3}, {1e-3, 2e-3}, {1e-3, 2e-3}, {5e-4, 1e-3}, {5e-4, 1e-3}, {5e-4, 1e-3},
                {2.5e-4, 5e-4}};
        for (double[] rates : expected) {
            assertArrayEquals(rates, gan.learningRates(), 1e-12);
            gan.step();
        }
    }

    @Test
    void withersKeepTheDecayAndBadDecayIsNamed() {
        GanConfig c = tiny(1).withLrDecay(0.5, 100).withPack(2).withSeed(7);
        assertEquals(0.5, c.lrDecay());
        assertEquals(100, c.lrDecayEvery());
        assertEquals(1.0, tiny(1).lrDecay());
        assertEquals("lrDecay: expected a factor in (0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> tiny(1).withLrDecay(1.5, 10)).getMessage());
        assertEquals("lrDecayEvery: expected at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> tiny(1).withLrDecay(0.5, 0)).getMessage());
    }

    @Test
    void startFromMeanSetsTheOutputBiasToTheInverseOfTheOutput() {
        GanConfig config = new GanConfig(4, 3, 0, List.of(8), List.of(8), Activation.RELU, GanConfig.Output.SIGMOID,
                1e-3, 1e-3, 0.5, 16, 1, 1.0, 1, 3);
        Gan gan = new Gan(config, Samplers.ring(8, 1, 0.05));    // the sampler is not used here
        gan.generator().startFromMean(org.nd4j.linalg.factory.Nd4j.createFromArray(0.5f, 0.9f, 0.0f));
        double[] b = gan.generator().params().get("G.out.b").value().toDoubleVector();
        assertArrayEquals(new double[] {0.0, Math.log(9), Math.log(0.01 / 0.99)}, b, 1e-5);
        assertEquals("mean: expected 3 values (one per output), got 2", assertThrows(IllegalArgumentException.class,
                () -> gan.generator().startFromMean(org.nd4j.linalg.factory.Nd4j.createFromArray(0.5f, 0.5f))).getMessage());
    }

    /** Two classes on a line: class 0 near x = −2, class 1 near x = +2 (second coordinate near 0). */
    private static final Sampler TWO_SIDES = (n, rng, dtype, classes) -> {
        double[] xy = new double[2 * n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(2);
            if (classes != null) {
                classes[i] = c;
            }
            xy[2 * i] = (c == 0 ? -2 : 2) + 0.1 * rng.gaussian();
            xy[2 * i + 1] = 0.1 * rng.gaussian();
        }
        return org.nd4j.linalg.factory.Nd4j.create(xy, new long[] {n, 2}, org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .castTo(dtype);
    };

    @Test
    void auxiliaryClassifierDHasAClassHeadAndGDrawsTheRequestedSide() {
        GanConfig config = new GanConfig(2, 2, 2, List.of(16), List.of(16), Activation.RELU, GanConfig.Output.IDENTITY,
                2e-3, 2e-3, 0.5, 32, 1, 1.0, 1, 3).withAuxiliaryClassifier(1.0);
        Gan gan = new Gan(config, TWO_SIDES);
        // D sees only x: the class argument changes nothing; 1 + K outputs per row
        org.nd4j.linalg.api.ndarray.INDArray x = TWO_SIDES.sample(4, new jdl.nn.Rng(1),
                org.nd4j.linalg.api.buffer.DataType.FLOAT, null);
        org.nd4j.linalg.api.ndarray.INDArray a = gan.discriminator().forward(x, new int[] {0, 0, 0, 0}).dup();
        org.nd4j.linalg.api.ndarray.INDArray b = gan.discriminator().forward(x, new int[] {1, 1, 1, 1}).dup();
        assertArrayEquals(new long[] {4, 3}, a.shape());
        assertEquals(a, b);
        assertEquals(4, gan.discriminator().probability(x, null).length);

        gan.train("two sides", 600, 600, null);
        int[] asked = new int[200];
        for (int i = 0; i < asked.length; i++) {
            asked[i] = i % 2;
        }
        double[] drawn = jdl.nn.Shapes.doubles(gan.generator().sample(200, new jdl.nn.Rng(5), asked));
        int right = 0;
        for (int i = 0; i < asked.length; i++) {
            right += (drawn[2 * i] > 0) == (asked[i] == 1) ? 1 : 0;
        }
        org.junit.jupiter.api.Assertions.assertTrue(right >= 190, right + " of 200 samples on the requested side");
    }

    @Test
    void auxiliaryClassifierNeedsClassesAndNoPacking() {
        GanConfig unconditional = tiny(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> unconditional.withAuxiliaryClassifier(1.0));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("classifierWeight"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tiny(1).withAuxiliaryClassifier(Double.NaN));
    }
}
