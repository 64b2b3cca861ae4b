package jdl.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Binary cross-entropy of σ(z) against targets y ∈ [0, 1], computed from the logits z:
 * L = mean over elements of −[y log σ(z) + (1 − y) log(1 − σ(z))] = mean of max(z, 0) − z y + log(1 + e^{−|z|}),
 * which never takes the log of 0 or overflows, however large |z| is.
 *
 * <p>Backward: ∂L/∂z = (σ(z) − y) / n, with n the number of elements.
 */
public final class SigmoidCrossEntropy {

    private double[] sigma;   // cache: σ(z)
    private double[] y;
    private long[] shape;
    private DataType dtype;

    /** Loss against per-element targets of the logits' shape. */
    public double forward(INDArray logits, INDArray targets) {
        Shapes.requireFeatures("logits", logits, -1, null);
        Shapes.requireSameShape("targets", targets, logits.shape());
        double[] t = Shapes.doubles(targets);
        for (int i = 0; i < t.length; i++) {
            if (!(t[i] >= 0 && t[i] <= 1)) {
                throw new IllegalArgumentException("targets[" + i + "]: expected a value in [0, 1], got " + t[i]);
            }
        }
        return compute(logits, t);
    }

    /** Loss against one target for every element (1 = "real", 0 = "fake" in a GAN). */
    public double forward(INDArray logits, double target) {
        Shapes.requireFeatures("logits", logits, -1, null);
        if (!(target >= 0 && target <= 1)) {
            throw new IllegalArgumentException("target: expected a value in [0, 1], got " + target);
        }
        double[] t = new double[(int) logits.length()];
        java.util.Arrays.fill(t, target);
        return compute(logits, t);
    }

    private double compute(INDArray logits, double[] targets) {
        double[] z = Shapes.doubles(logits);
        for (int i = 0; i < z.length; i++) {
            if (!Double.isFinite(z[i])) {   // +∞ with y = 1 would give ∞ − ∞ = NaN below
                throw new IllegalArgumentException("logits[" + i + "]: expected a finite number, got " + z[i]);
            }
        }
        shape = logits.shape();
        dtype = logits.dataType();
        y = targets;
        sigma = new double[z.length];
        double loss = 0;
        for (int i = 0; i < z.length; i++) {
            loss += Math.max(z[i], 0) - z[i] * y[i] + Math.log1p(Math.exp(-Math.abs(z[i])));
            sigma[i] = z[i] >= 0 ? 1 / (1 + Math.exp(-z[i])) : Math.exp(z[i]) / (1 + Math.exp(z[i]));
        }
        return loss / z.length;
    }

    /** ∂L/∂logits. */
    public INDArray backward() {
        if (sigma == null) {
            throw new IllegalStateException("SigmoidCrossEntropy.backward called before forward");
        }
        double[] dz = new double[sigma.length];
        for (int i = 0; i < dz.length; i++) {
            dz[i] = (sigma[i] - y[i]) / dz.length;
        }
        return Nd4j.create(dz, shape, DataType.DOUBLE).castTo(dtype);
    }

    /** σ(z) from the last forward, e.g. D(x) in a GAN. */
    public double[] probabilities() {
        return sigma.clone();
    }
}
