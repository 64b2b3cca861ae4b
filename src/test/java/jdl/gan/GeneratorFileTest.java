package jdl.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jdl.chapters.TrainGridCheckpoint;
import jdl.nn.Activation;
import jdl.nn.Rng;

class GeneratorFileTest {

    private static GanConfig tiny(long seed) {
        return new GanConfig(2, 2, 0, List.of(8, 8), List.of(8), Activation.RELU, GanConfig.Output.IDENTITY, 1e-3, 1e-3,
                0.5, 16, 1, 1.0, 2, seed).withLrDecay(0.5, 100);
    }

    @Test
    void aSavedGeneratorLoadsWithItsConfigurationAndDrawsTheSameSamples(@TempDir Path dir) {
        Gan gan = new Gan(tiny(5), Samplers.grid(3, 2.0, 0.05));
        for (int r = 0; r < 3; r++) {
            gan.step();
        }
        Path file = dir.resolve("g.jdl");
        gan.generator().save(file);
        Generator loaded = Generator.load(file);
        assertEquals(tiny(5), loaded.config());
        assertArrayEquals(flat(gan.generator().sample(10, new Rng(4), null).toDoubleMatrix()),
                flat(loaded.sample(10, new Rng(4), null).toDoubleMatrix()), 1e-6);
        // a generator of another seed draws other samples from the same noise (the comparison above can fail)
        Generator other = new Gan(tiny(6), Samplers.grid(3, 2.0, 0.05)).generator();
        assertNotEquals(flat(loaded.sample(10, new Rng(4), null).toDoubleMatrix())[0],
                flat(other.sample(10, new Rng(4), null).toDoubleMatrix())[0]);
    }

    @Test
    void checkpointTrainingIsDeterministic() {
        GanConfig config = TrainGridCheckpoint.config().withPack(2);
        double[][] a = TrainGridCheckpoint.train(config, 3, 1, null).generator().sample(5, new Rng(1), null).toDoubleMatrix();
        double[][] b = TrainGridCheckpoint.train(config, 3, 1, null).generator().sample(5, new Rng(1), null).toDoubleMatrix();
        assertArrayEquals(flat(a), flat(b), 0.0);
    }

    @Test
    void theShippedGridCheckpointsHoldTheDocumentedConfigurationAndHaveLearnedTheGrid() {
        for (int pack : new int[] {1, 2}) {
            Generator g = TrainGridCheckpoint.load(pack, TrainGridCheckpoint.ROUNDS);
            assertEquals(TrainGridCheckpoint.config().withPack(pack), g.config());
            // measured when they were made: vanilla 81.2% high-quality samples, 25 modes; PacGAN2 40.8%, 24 modes;
            // a uniform cloud 1.5% (the bounds are notebook 03's)
            GanMetrics.ModeReport m = TrainGridCheckpoint.score(g);
            org.junit.jupiter.api.Assertions.assertTrue(m.highQualityFraction() > (pack == 1 ? 0.70 : 0.30)
                    && m.captured() >= (pack == 1 ? 23 : 22), "pack " + pack + ": " + m);
        }
        assertEquals(TrainGridCheckpoint.ROUNDS / TrainGridCheckpoint.LOG_EVERY, TrainGridCheckpoint.log(2).size());
    }

    private static double[] flat(double[][] m) {
        return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
