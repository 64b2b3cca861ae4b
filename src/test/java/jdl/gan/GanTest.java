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
}
