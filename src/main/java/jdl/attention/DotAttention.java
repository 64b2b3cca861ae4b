package jdl.attention;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Dot-product attention (Luong et al. 2015), optionally scaled as in the Transformer:
 * <pre>
 *   e_j = (q · h_j) / √Hk     (scaled)      or      e_j = q · h_j
 * </pre>
 * No parameters: query and keys must have the same size. Backward: ∂L/∂q = Σ_j de_j h_j · scale,
 * ∂L/∂h_j += de_j q · scale.
 */
public final class DotAttention extends Attention {

    private final DataType dtype;
    private final double scale;

    /** @param scaled divide the scores by √size (keeps their spread independent of the size) */
    public DotAttention(int size, boolean scaled, DataType dtype) {
        super(size, size);
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw new IllegalArgumentException("dtype: expected FLOAT or DOUBLE, got " + dtype);
        }
        this.dtype = dtype;
        this.scale = scaled ? 1.0 / Math.sqrt(size) : 1.0;
    }

    @Override
    protected DataType dataType() {
        return dtype;
    }

    @Override
    protected INDArray project(INDArray keys) {
        return null;
    }

    @Override
    protected Object[] scores(Memory m, INDArray query) {
        return new Object[] {weightedSumBackward(m.keys, query).muli(scale), null};   // e_j = scale · h_j · q
    }

    @Override
    protected INDArray scoresBackward(Memory m, INDArray query, Object cache, INDArray dScores) {
        INDArray de = dScores.mul(scale);
        m.addOuterToKeyGrad(de, query);                          // dh_j += scale · de_j q
        return weightedSum(m.keys, de);                          // dq = scale · Σ_j de_j h_j
    }

    @Override
    protected INDArray projectBackward(Memory m, INDArray dProjected) {
        throw new IllegalStateException("dot-product attention has no projection");
    }

    public double scale() {
        return scale;
    }
}
