package jdl.gan;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.data.ImageSet;
import jdl.nn.Rng;

/** Real-data samplers for the GAN chapter. */
public final class Samplers {

    private Samplers() {
    }

    /** A mixture of isotropic Gaussians in any dimension, with equal weights. */
    public record Mixture(double[][] means, double std) implements Sampler {

        public Mixture {
            if (means.length == 0) {
                throw new IllegalArgumentException("means: expected at least one mode, got none");
            }
            if (!(std > 0)) {
                throw new IllegalArgumentException("std: expected a positive standard deviation, got " + std);
            }
        }

        public int dim() {
            return means[0].length;
        }

        @Override
        public INDArray sample(int n, Rng rng, DataType dtype, int[] classes) {
            int d = dim();
            double[] x = new double[n * d];
            for (int i = 0; i < n; i++) {
                int k = rng.nextInt(means.length);
                if (classes != null) {
                    classes[i] = k;
                }
                for (int j = 0; j < d; j++) {
                    x[i * d + j] = means[k][j] + std * rng.gaussian();
                }
            }
            return Rng.array(x, new long[] {n, d}, dtype);
        }

        /**
         * The same mixture with every coordinate multiplied by {@code factor}: means f·μ_k and standard deviation f·σ.
         * Used to train on normalised data (e.g. the grid {−4,…,4}² with f = 1/4 lies in [−1, 1]²); mode metrics of
         * samples x against this mixture equal those of x / f against the original, since every distance and the
         * 3σ radius scale by the same f.
         */
        public Mixture scaled(double factor) {
            if (!(factor > 0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("factor: expected a positive finite scale, got " + factor);
            }
            double[][] m = new double[means.length][];
            for (int k = 0; k < means.length; k++) {
                m[k] = means[k].clone();
                for (int j = 0; j < m[k].length; j++) {
                    m[k][j] *= factor;
                }
            }
            return new Mixture(m, std * factor);
        }

        /** The mixture's density at a 1-D point (for plotting the data density). */
        public double density1d(double x) {
            double s = 0;
            for (double[] m : means) {
                double z = (x - m[0]) / std;
                s += Math.exp(-0.5 * z * z) / (std * Math.sqrt(2 * Math.PI));
            }
            return s / means.length;
        }
    }

    /** One-dimensional mixture with the given means and a shared standard deviation. */
    public static Mixture mixture1d(double std, double... means) {
        double[][] m = new double[means.length][];
        for (int i = 0; i < means.length; i++) {
            m[i] = new double[] {means[i]};
        }
        return new Mixture(m, std);
    }

    /** k Gaussians on a circle of radius r: means (r cos 2πi/k, r sin 2πi/k) (PacGAN: k = 8, r = 1, std 0.01). */
    public static Mixture ring(int k, double radius, double std) {
        double[][] m = new double[k][];
        for (int i = 0; i < k; i++) {
            m[i] = new double[] {radius * Math.cos(2 * Math.PI * i / k), radius * Math.sin(2 * Math.PI * i / k)};
        }
        return new Mixture(m, std);
    }

    /** side² Gaussians on a grid with the given spacing, centred on 0 (PacGAN: 5 × 5 on {−4,…,4}², std 0.05). */
    public static Mixture grid(int side, double spacing, double std) {
        double[][] m = new double[side * side][];
        double offset = (side - 1) * spacing / 2;
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                m[i * side + j] = new double[] {i * spacing - offset, j * spacing - offset};
            }
        }
        return new Mixture(m, std);
    }

    /** Random rows of an image set (with their classes). */
    public static Sampler images(ImageSet images) {
        return (n, rng, dtype, classes) -> {
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = rng.nextInt(images.size());
                if (classes != null) {
                    classes[i] = images.labels()[idx[i]];
                }
            }
            return images.images().getRows(idx).castTo(dtype);
        };
    }
}
