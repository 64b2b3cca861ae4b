package jdl.gan;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.nn.Shapes;

/** How good and how diverse a GAN's samples are. */
public final class GanMetrics {

    private GanMetrics() {
    }

    /**
     * The total variation of an image, the sum of the absolute differences between horizontally and vertically
     * adjacent pixels, TV(x) = Σ |x[i][j+1] − x[i][j]| + Σ |x[i+1][j] − x[i][j]|, averaged over the images of each
     * class: one value per class 0..classCount−1 (NaN for a class with no image). Salt-and-pepper speckle raises it,
     * smooth areas and clean edges keep it low, so the ratio of a generator's value to that of real images of the
     * same class measures speckle. {@code images} [n, height · width], row-major pixels.
     */
    public static double[] totalVariationByClass(INDArray images, int[] classes, int classCount, int height, int width) {
        if (images.rank() != 2 || images.columns() != (long) height * width) {
            throw new IllegalArgumentException("images: expected shape [n, " + height * width + "] for " + height + "×"
                    + width + " images, got " + Arrays.toString(images.shape()));
        }
        if (classes.length != images.rows()) {
            throw new IllegalArgumentException("classes: expected one per image, " + images.rows() + ", got " + classes.length);
        }
        double[] pixels = jdl.nn.Shapes.doubles(images);
        double[] sum = new double[classCount];
        int[] count = new int[classCount];
        int size = height * width;
        for (int n = 0; n < classes.length; n++) {
            int c = classes[n];
            if (c < 0 || c >= classCount) {
                throw new IllegalArgumentException("classes[" + n + "]: expected a class in 0.." + (classCount - 1) + ", got " + c);
            }
            int o = n * size;
            double tv = 0;
            for (int i = 0; i < height; i++) {
                for (int j = 0; j < width; j++) {
                    double v = pixels[o + i * width + j];
                    if (j + 1 < width) {
                        tv += Math.abs(pixels[o + i * width + j + 1] - v);
                    }
                    if (i + 1 < height) {
                        tv += Math.abs(pixels[o + (i + 1) * width + j] - v);
                    }
                }
            }
            sum[c] += tv;
            count[c]++;
        }
        double[] mean = new double[classCount];
        for (int c = 0; c < classCount; c++) {
            mean[c] = count[c] == 0 ? Double.NaN : sum[c] / count[c];
        }
        return mean;
    }

    /**
     * The 1-D Wasserstein-1 distance between two empirical distributions,
     * W₁ = ∫ |F_a(x) − F_b(x)| dx, exact for samples (the area between the two step CDFs).
     */
    public static double wasserstein1d(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("a and b: expected non-empty samples, got " + a.length + " and " + b.length);
        }
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double prev = Math.min(x[0], y[0]);
        double area = 0;
        while (i < x.length || j < y.length) {
            double next = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
            area += Math.abs((double) i / x.length - (double) j / y.length) * (next - prev);
            prev = next;
            if (j >= y.length || (i < x.length && x[i] <= y[j])) {
                i++;
            } else {
                j++;
            }
        }
        return area;
    }

    /**
     * A Gaussian kernel density estimate of 1-D samples at each grid point,
     * p̂(x) = (1/n) Σᵢ φ((x − sᵢ)/h) / h with φ the standard normal density and h the bandwidth:
     * e.g. p_g estimated from G's samples, for D*(x) = p_data(x) / (p_data(x) + p_g(x)).
     */
    public static double[] kernelDensity1d(double[] samples, double[] grid, double bandwidth) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("samples: expected at least one sample, got none");
        }
        if (!(bandwidth > 0)) {
            throw new IllegalArgumentException("bandwidth: expected a positive width, got " + bandwidth);
        }
        double norm = 1 / (samples.length * bandwidth * Math.sqrt(2 * Math.PI));
        double[] p = new double[grid.length];
        for (int g = 0; g < grid.length; g++) {
            double sum = 0;
            for (double s : samples) {
                double z = (grid[g] - s) / bandwidth;
                sum += Math.exp(-0.5 * z * z);
            }
            p[g] = sum * norm;
        }
        return p;
    }

    /**
     * Mode coverage as in PacGAN (Lin et al. 2018): a sample is high-quality if it lies within 3 standard
     * deviations of its nearest mode; a mode is captured if it is the nearest mode of at least one
     * high-quality sample; the reverse KL is Σ_k p(k) log(p(k) / (1/K)) with p(k) the share of high-quality
     * samples at mode k (0 when they spread evenly, log K when all sit at one mode).
     */
    public record ModeReport(int captured, int modes, double highQualityFraction, double reverseKl, int[] counts) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d/%d modes captured, %.1f%% high-quality samples, reverse KL %.3f",
                    captured, modes, 100 * highQualityFraction, reverseKl);
        }
    }

    public static ModeReport modes(INDArray samples, Samplers.Mixture mixture) {
        int d = mixture.dim();
        if (samples.rank() != 2 || samples.columns() != d || samples.rows() == 0) {
            throw new IllegalArgumentException("samples: expected shape [n ≥ 1, " + d + "], got "
                    + Arrays.toString(samples.shape()));
        }
        double[] s = Shapes.doubles(samples);
        int n = (int) samples.rows();
        int k = mixture.means().length;
        int[] counts = new int[k];
        int good = 0;
        for (int i = 0; i < n; i++) {
            int best = -1;
            double bestDist = Double.POSITIVE_INFINITY;
            for (int m = 0; m < k; m++) {
                double dist = 0;
                for (int j = 0; j < d; j++) {
                    double diff = s[i * d + j] - mixture.means()[m][j];
                    dist += diff * diff;
                }
                if (dist < bestDist) {
                    bestDist = dist;
                    best = m;
                }
            }
            if (Math.sqrt(bestDist) <= 3 * mixture.std()) {
                good++;
                counts[best]++;
            }
        }
        int captured = 0;
        double kl = 0;
        for (int m = 0; m < k; m++) {
            if (counts[m] > 0) {
                captured++;
                double p = (double) counts[m] / good;
                kl += p * Math.log(p * k);
            }
        }
        return new ModeReport(captured, k, (double) good / n, good == 0 ? Double.NaN : kl, counts);
    }
}
