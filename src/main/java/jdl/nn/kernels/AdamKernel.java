package jdl.nn.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam (Kingma &amp; Ba 2015) as one loop over a whole FLOAT parameter store, with ND4J's {@code Adam} updater's
 * equations and bias correction:
 * <pre>
 *   m ← β₁ m + (1 − β₁) g      v ← β₂ v + (1 − β₂) g²      α_t = η √(1 − β₂^{t+1}) / (1 − β₁^{t+1})
 *   θ ← θ − α_t m / (√v + ε)
 * </pre>
 * The moments live in Java arrays; per step the gradients and values are copied out of native memory once and the
 * values back once, and nothing is allocated. ND4J's updater runs the same update as a native op plus a separate
 * subtraction: 2.5 ms against 0.6 ms here for the 270,000 parameters of the MLP benchmark.
 */
public final class AdamKernel {

    private final float[] m;
    private final float[] v;
    private final float[] g;
    private final float[] theta;
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    public AdamKernel(long count, double beta1, double beta2, double epsilon) {
        if (count < 1 || count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("count: expected 1 to " + (Integer.MAX_VALUE - 8) + " parameters, got " + count);
        }
        int n = (int) count;
        this.m = new float[n];
        this.v = new float[n];
        this.g = new float[n];
        this.theta = new float[n];
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /** One step at {@code iteration} (0 for the first) with learning rate {@code eta}: updates {@code values} in place. */
    public void step(INDArray values, INDArray grads, double eta, int iteration) {
        if (values.dataType() != DataType.FLOAT || grads.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("values, grads: expected FLOAT, got " + values.dataType() + " and "
                    + grads.dataType());
        }
        int n = m.length;
        HostArrays.read(grads, 0, g, 0, n);
        HostArrays.read(values, 0, theta, 0, n);
        double alpha = eta * Math.sqrt(1 - Math.pow(beta2, iteration + 1)) / (1 - Math.pow(beta1, iteration + 1));
        if (Double.isNaN(alpha) || alpha == 0) {
            alpha = epsilon;                     // as ND4J's updater does
        }
        update(n, (float) alpha);
        HostArrays.write(theta, 0, n, values, 0);
    }

    private void update(int n, float alpha) {
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float eps = (float) epsilon;
        float[] m = this.m;
        float[] v = this.v;
        float[] g = this.g;
        float[] theta = this.theta;
        for (int k = 0; k < n; k++) {
            m[k] = b1 * m[k] + c1 * g[k];
        }
        for (int k = 0; k < n; k++) {
            v[k] = b2 * v[k] + c2 * g[k] * g[k];
        }
        for (int k = 0; k < n; k++) {
            theta[k] -= alpha * m[k] / ((float) Math.sqrt(v[k]) + eps);
        }
    }
}
