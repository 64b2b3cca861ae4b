package jdl.nn;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The course's seeded random numbers: initial weights, shuffles, dropout masks and noise all come from
 * an {@code Rng} built from an explicit seed, so the same seed gives the same numbers in float and in
 * double precision, on any number of threads.
 */
public final class Rng {

    private final SplittableRandom random;
    private final long seed;

    public Rng(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** The seed this generator started from. */
    public long seed() {
        return seed;
    }

    /** An independent generator derived from this one (e.g. one per layer). */
    public Rng split() {
        return new Rng(random.nextLong());
    }

    /** Uniform in [0, 1). */
    public double uniform() {
        return random.nextDouble();
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Standard normal (Box–Muller, two uniforms per draw for simplicity). */
    public double gaussian() {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** An array of N(0, std²) values. */
    public INDArray normal(DataType dtype, double std, long... shape) {
        double[] v = new double[(int) length(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = std * gaussian();
        }
        return array(v, shape, dtype);
    }

    /** An array of values uniform in [low, high). */
    public INDArray uniform(DataType dtype, double low, double high, long... shape) {
        double[] v = new double[(int) length(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = low + (high - low) * random.nextDouble();
        }
        return array(v, shape, dtype);
    }

    /** A random permutation of 0..n-1 (Fisher–Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * Values drawn in double precision as an array of {@code dtype}: a float array is filled directly (one
     * native allocation instead of a double array and its cast; the values are the same).
     */
    public static INDArray array(double[] v, long[] shape, DataType dtype) {
        if (dtype == DataType.FLOAT) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            return Nd4j.create(f, shape, 'c');
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dtype);
    }

    static long length(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }
}
