package jdl.glimpse;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import jdl.nn.kernels.HostArrays;
import jdl.nn.Init;
import jdl.nn.Linear;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.Shapes;

/**
 * The location network f_l: a Gaussian policy with fixed standard deviation σ over the next location,
 * <pre>
 *   μ_t = tanh(κ (h_t W + b)),   l_{t+1} ~ N(μ_t, σ² I),   clipped to [−1, 1]² before the sensor reads it.
 * </pre>
 * κ ({@code scale}) is 1 in the paper; with Adam, which moves each weight by about its learning rate per step,
 * κ &lt; 1 gives the noisy policy gradient a smaller effective learning rate than the rest of the model (without it
 * μ ran into the canvas edges within a few hundred updates and the policy was no better than random locations).
 * Its log-probability is log π(l | h) = Σ_d [−(l_d − μ_d)² / (2σ²)] − 2 log(σ √(2π)), so
 * ∂ log π / ∂μ = (l − μ) / σ²: the REINFORCE gradient pushes μ towards samples that earned more than the baseline
 * expected and away from the others. The log-probability uses the sample before clipping.
 */
public final class LocationPolicy {

    /** The REINFORCE loss of a batch of decisions and its gradient with respect to the states. */
    public record Reinforce(double loss, INDArray dh) {
    }

    private final Linear linear;
    private final double std;
    private final double scale;
    private INDArray mu;   // cache: μ of the last forward

    public LocationPolicy(Params store, String name, int hidden, double std, double scale, Rng rng) {
        if (!(std > 0)) {
            throw new IllegalArgumentException("std: expected a positive standard deviation, got " + std);
        }
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale: expected a positive scale, got " + scale);
        }
        this.scale = scale;
        this.linear = new Linear(store, name, hidden, 2, Init.XAVIER_UNIFORM, rng);
        this.std = std;
    }

    /** μ = tanh(κ (h W + b)) for states h [n, hidden]; keeps what backward needs. */
    public INDArray forward(INDArray h) {
        mu = Transforms.tanh(linear.forward(h).muli(scale), true);
        return mu;
    }

    /** Takes ∂L/∂μ, adds the parameter gradients, returns ∂L/∂h. */
    public INDArray backward(INDArray dMu) {
        Shapes.requireGradient("LocationPolicy", mu, dMu);
        return linear.backward(dMu.mul(mu.mul(mu).rsubi(1)).muli(scale));   // tanh' = 1 − μ², times κ
    }

    /** log π(l | μ) per row, for samples l [n, 2] and means μ [n, 2]. */
    public double[] logProb(INDArray mean, INDArray l) {
        Shapes.requireSameShape("l", l, mean.shape());
        double[] m = HostArrays.doubles(mean);
        double[] x = HostArrays.doubles(l);
        int n = (int) mean.size(0);
        double[] out = new double[n];
        double norm = 2 * Math.log(std * Math.sqrt(2 * Math.PI));
        for (int i = 0; i < n; i++) {
            double d0 = x[2 * i] - m[2 * i];
            double d1 = x[2 * i + 1] - m[2 * i + 1];
            out[i] = -(d0 * d0 + d1 * d1) / (2 * std * std) - norm;
        }
        return out;
    }

    /**
     * The REINFORCE term for a batch of decisions: loss −(1/batch) Σ_i A_i log π(l_i | h_i) with advantages A_i
     * (R − b, treated as constants), after {@link #forward} on the same states. Adds its parameter gradients
     * (∂/∂μ = −(1/batch) A (l − μ)/σ²) and returns both.
     */
    public Reinforce reinforce(INDArray l, double[] advantage, int batch) {
        if (mu == null) {
            throw new IllegalStateException("LocationPolicy.reinforce called before forward");
        }
        Shapes.requireSameShape("l", l, mu.shape());
        if (advantage.length != mu.size(0)) {
            throw new IllegalArgumentException("advantage: expected " + mu.size(0) + " values (one per row), got "
                    + advantage.length);
        }
        double[] logPi = logProb(mu, l);
        double[] diff = HostArrays.doubles(l.sub(mu));
        double loss = 0;
        for (int i = 0; i < advantage.length; i++) {
            loss -= advantage[i] * logPi[i] / batch;
            double scale = -advantage[i] / (batch * std * std);              // ∂L/∂μ = −A (l − μ) / (batch σ²)
            diff[2 * i] *= scale;
            diff[2 * i + 1] *= scale;
        }
        INDArray dh = backward(HostArrays.matrix(diff, mu.size(0), 2, mu.dataType()));
        return new Reinforce(loss, dh);
    }

    public double std() {
        return std;
    }
}
