package jdl.nn.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layer normalisation of FLOAT rows in one pass each way, on host copies; the readable version is
 * {@code jdl.nn.LayerNorm}. Per row of d values: μ, σ² (summed in double), x̂ = (x − μ)/√(σ² + ε), y = γ ⊙ x̂ + β;
 * backward with g = dy ⊙ γ: ∂γ += Σ_rows dy ⊙ x̂, ∂β += Σ_rows dy, ∂x = (g − mean(g) − x̂ ⊙ mean(g ⊙ x̂)) / √(σ² + ε).
 * Its arrays grow to the largest input seen and are reused.
 */
public final class LayerNormKernel {

    private final int d;
    private float[] x = new float[0];        // the input, then the upstream gradient
    private float[] xHat = new float[0];
    private float[] invStd = new float[0];
    private final float[] gamma;
    private final float[] beta;
    private final float[] dGamma;
    private final float[] dBeta;
    private int rows;

    public LayerNormKernel(int d) {
        this.d = d;
        this.gamma = new float[d];
        this.beta = new float[d];
        this.dGamma = new float[d];
        this.dBeta = new float[d];
    }

    /** y ← LN(x) for x [rows, d] (contiguous FLOAT), y a FLOAT array of the same length. */
    public void forward(INDArray input, INDArray gammaValue, INDArray betaValue, double eps, INDArray y) {
        require("x", input);
        require("y", y);
        rows = (int) (input.length() / d);
        int n = rows * d;
        if (x.length < n) {
            x = new float[n];
            xHat = new float[n];
        }
        if (invStd.length < rows) {
            invStd = new float[rows];
        }
        HostArrays.read(input, 0, x, 0, n);
        HostArrays.read(gammaValue, 0, gamma, 0, d);
        HostArrays.read(betaValue, 0, beta, 0, d);
        for (int r = 0; r < rows; r++) {
            int at = r * d;
            double sum = 0;
            for (int j = 0; j < d; j++) {
                sum += x[at + j];
            }
            float mu = (float) (sum / d);
            double squares = 0;
            for (int j = 0; j < d; j++) {
                float c = x[at + j] - mu;
                squares += c * c;
            }
            float inv = (float) (1 / Math.sqrt(squares / d + eps));
            invStd[r] = inv;
            for (int j = 0; j < d; j++) {
                xHat[at + j] = (x[at + j] - mu) * inv;
            }
            for (int j = 0; j < d; j++) {
                x[at + j] = gamma[j] * xHat[at + j] + beta[j];       // y, in the input's array
            }
        }
        HostArrays.write(x, 0, n, y, 0);
    }

    /** ∂x ← the gradient for ∂y = dy, and ∂γ, ∂β accumulated into {@code gammaGrad} and {@code betaGrad}. */
    public void backward(INDArray dy, INDArray gammaGrad, INDArray betaGrad, INDArray dx) {
        require("dy", dy);
        require("dx", dx);
        int n = rows * d;
        if (dy.length() != n) {
            throw new IllegalArgumentException("dy: expected " + n + " values (the last forward's input), got " + dy.length());
        }
        HostArrays.read(dy, 0, x, 0, n);
        HostArrays.read(gammaGrad, 0, dGamma, 0, d);
        HostArrays.read(betaGrad, 0, dBeta, 0, d);
        for (int r = 0; r < rows; r++) {
            int at = r * d;
            double meanG = 0;
            double meanGx = 0;
            for (int j = 0; j < d; j++) {
                float g = x[at + j] * gamma[j];
                dGamma[j] += x[at + j] * xHat[at + j];
                dBeta[j] += x[at + j];
                meanG += g;
                meanGx += g * xHat[at + j];
            }
            float mg = (float) (meanG / d);
            float mgx = (float) (meanGx / d);
            float inv = invStd[r];
            for (int j = 0; j < d; j++) {
                x[at + j] = (x[at + j] * gamma[j] - mg - xHat[at + j] * mgx) * inv;
            }
        }
        HostArrays.write(dGamma, 0, d, gammaGrad, 0);
        HostArrays.write(dBeta, 0, d, betaGrad, 0);
        HostArrays.write(x, 0, n, dx, 0);
    }

    private void require(String name, INDArray a) {
        if (a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException(name + ": expected FLOAT, got " + a.dataType());
        }
        if (a.length() % d != 0) {
            throw new IllegalArgumentException(name + ": expected rows of " + d + " values, got shape "
                    + java.util.Arrays.toString(a.shape()));
        }
    }
}
