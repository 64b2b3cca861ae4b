package jdl.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout (Srivastava et al. 2014): in training, y = x ⊙ m / (1 − p) with m_i ~ Bernoulli(1 − p),
 * so evaluation needs no rescaling (y = x). Backward: ∂L/∂x = dy ⊙ m / (1 − p).
 */
public final class Dropout implements Layer {

    private final double p;
    private final Rng rng;
    private boolean training = true;
    private boolean reuseMask;
    private INDArray mask;   // cache: m / (1 - p)
    private long[] shape;    // cache: the input's shape

    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("p: expected a drop probability in [0, 1), got " + p);
        }
        if (rng == null && p > 0) {
            throw new IllegalArgumentException("rng: expected an Rng to draw the masks from, got null");
        }
        this.p = p;
        this.rng = rng;
    }

    @Override
    public INDArray forward(INDArray x) {
        shape = x.shape();
        if (!training || p == 0) {
            mask = null;
            return x;
        }
        if (!reuseMask || mask == null || !java.util.Arrays.equals(mask.shape(), x.shape())) {
            double[] m = new double[(int) x.length()];
            double keep = 1.0 / (1 - p);
            for (int i = 0; i < m.length; i++) {
                m[i] = rng.uniform() >= p ? keep : 0.0;
            }
            mask = Nd4j.create(m, x.shape(), org.nd4j.linalg.api.buffer.DataType.DOUBLE).castTo(x.dataType());
        }
        return x.mul(mask);
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (shape == null) {
            throw new IllegalStateException("Dropout.backward called before forward");
        }
        Shapes.requireSameShape("dy", dy, shape);
        return mask == null ? dy : dy.mul(mask);
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    /** Keeps the current mask for later forwards of the same shape (for gradient checks). */
    public void reuseMask(boolean reuse) {
        this.reuseMask = reuse;
    }

    public double rate() {
        return p;
    }
}
