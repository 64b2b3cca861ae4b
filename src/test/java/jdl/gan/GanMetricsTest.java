package jdl.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.Rng;

class GanMetricsTest {

    @Test
    void wassersteinOfShiftedSamplesIsTheShift() {
        assertEquals(0.0, GanMetrics.wasserstein1d(new double[] {1, 2, 3}, new double[] {3, 1, 2}), 1e-12);
        assertEquals(0.5, GanMetrics.wasserstein1d(new double[] {0, 1, 2}, new double[] {0.5, 1.5, 2.5}), 1e-12);
        // unequal sizes: {0} against {0, 1} is 0.5 · 1
        assertEquals(0.5, GanMetrics.wasserstein1d(new double[] {0}, new double[] {0, 1}), 1e-12);
        assertEquals(2.0, GanMetrics.wasserstein1d(new double[] {-1, -1}, new double[] {1}), 1e-12);
    }

    @Test
    void wassersteinBetweenLargeSamplesOfTheSameGaussianIsSmall() {
        Rng rng = new Rng(1);
        double[] a = new double[20_000];
        double[] b = new double[20_000];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.gaussian();
            b[i] = rng.gaussian() + 0.3;
        }
        assertEquals(0.3, GanMetrics.wasserstein1d(a, b), 0.03);
    }

    @Test
    void kernelDensityOfOneSampleIsTheNormalDensityAndIntegratesToOne() {
        double[] grid = new double[801];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = -4 + 0.01 * i;
        }
        double h = 0.5;
        double[] p = GanMetrics.kernelDensity1d(new double[] {1.0}, grid, h);
        for (int i = 0; i < grid.length; i += 50) {
            double z = (grid[i] - 1.0) / h;
            assertEquals(Math.exp(-0.5 * z * z) / (h * Math.sqrt(2 * Math.PI)), p[i], 1e-12);
        }
        double[] two = GanMetrics.kernelDensity1d(new double[] {-1, 1}, grid, 0.2);
        double area = 0;
        for (double v : two) {
            area += v * 0.01;
        }
        assertEquals(1.0, area, 1e-6);
        assertThrows(IllegalArgumentException.class, () -> GanMetrics.kernelDensity1d(new double[] {0}, grid, 0));
        assertThrows(IllegalArgumentException.class, () -> GanMetrics.kernelDensity1d(new double[0], grid, 1));
    }

    @Test
    void modeReportCountsHighQualitySamplesAndCapturedModes() {
        Samplers.Mixture ring = Samplers.ring(4, 1.0, 0.1);   // modes (1,0), (0,1), (−1,0), (0,−1)
        var samples = Nd4j.create(new double[][] {
                {1.0, 0.05},    // mode 0, within 3σ = 0.3
                {0.95, -0.1},   // mode 0
                {0.0, 1.2},     // mode 1, within 0.3
                {0.0, 0.0},     // far from every mode: low quality
                {-0.5, 0.5},    // low quality
        }).castTo(DataType.DOUBLE);
        GanMetrics.ModeReport r = GanMetrics.modes(samples, ring);
        assertEquals(2, r.captured());
        assertEquals(4, r.modes());
        assertEquals(0.6, r.highQualityFraction(), 1e-12);
        assertArrayEquals(new int[] {2, 1, 0, 0}, r.counts());
        // p = (2/3, 1/3): KL to uniform over 4 modes
        double expected = 2.0 / 3 * Math.log(2.0 / 3 * 4) + 1.0 / 3 * Math.log(1.0 / 3 * 4);
        assertEquals(expected, r.reverseKl(), 1e-12);
    }

    @Test
    void samplesFromTheMixtureItselfCaptureEveryModeWithZeroReverseKlAsNGrows() {
        Samplers.Mixture grid = Samplers.grid(5, 2.0, 0.05);
        var samples = grid.sample(25_000, new Rng(3), DataType.DOUBLE, null);
        GanMetrics.ModeReport r = GanMetrics.modes(samples, grid);
        assertEquals(25, r.captured());
        assertEquals(0.989, r.highQualityFraction(), 0.003);   // P(‖z‖ ≤ 3) for a 2-D standard normal = 1 − e^{−4.5}
        assertEquals(0.0, r.reverseKl(), 0.01);
    }

    @Test
    void aScaledMixtureScoresScaledSamplesLikeTheOriginal() {
        Samplers.Mixture grid = Samplers.grid(5, 2.0, 0.2);
        Samplers.Mixture quarter = grid.scaled(0.25);
        assertArrayEquals(new double[] {-1.0, -0.5}, quarter.means()[1], 1e-12);   // (−4, −2) / 4
        assertEquals(0.05, quarter.std(), 1e-12);
        // samples spread wider than the modes, so that some are high-quality and some are not
        var samples = Samplers.grid(5, 2.0, 0.5).sample(2_000, new Rng(4), DataType.DOUBLE, null);
        GanMetrics.ModeReport original = GanMetrics.modes(samples, grid);
        GanMetrics.ModeReport scaled = GanMetrics.modes(samples.mul(0.25), quarter);
        assertArrayEquals(original.counts(), scaled.counts());
        assertEquals(original.highQualityFraction(), scaled.highQualityFraction(), 1e-12);
        assertEquals(original.reverseKl(), scaled.reverseKl(), 1e-12);
        assertEquals(1 - Math.exp(-0.72), original.highQualityFraction(), 0.035);   // P(‖z‖ ≤ 3 · 0.2 / 0.5 = 1.2)
        assertEquals("factor: expected a positive finite scale, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> grid.scaled(0)).getMessage());
    }

    @Test
    void badInputIsNamed() {
        assertThrows(IllegalArgumentException.class, () -> GanMetrics.wasserstein1d(new double[0], new double[] {1}));
        var ring = Samplers.ring(8, 1, 0.01);
        assertEquals("samples: expected shape [n ≥ 1, 2], got [3, 3]", assertThrows(IllegalArgumentException.class,
                () -> GanMetrics.modes(Nd4j.zeros(3, 3), ring)).getMessage());
    }

    @Test
    void totalVariationCountsEdgesPerClass() {
        // 2×2 images: a flat one (TV 0), a checkerboard (4 edges of 1), a half-bright one (2 edges of 1)
        org.nd4j.linalg.api.ndarray.INDArray images = org.nd4j.linalg.factory.Nd4j.create(new double[][] {
                {0, 0, 0, 0}, {1, 0, 0, 1}, {1, 0, 1, 0}});
        double[] tv = GanMetrics.totalVariationByClass(images, new int[] {0, 0, 1}, 3, 2, 2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {2.0, 2.0, Double.NaN}, tv, 1e-12);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GanMetrics.totalVariationByClass(images, new int[] {0, 0, 1}, 3, 3, 3));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("images: expected shape [n, 9]"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GanMetrics.totalVariationByClass(images, new int[] {0, 0, 5}, 3, 2, 2));
    }
}
