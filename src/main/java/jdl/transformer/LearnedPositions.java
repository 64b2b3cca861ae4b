package jdl.transformer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import jdl.nn.Param;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.Shapes;

/**
 * Learned positional embeddings (Gehring et al. 2017; GPT): a trainable table P [maxLength, d] whose row t is
 * added to the token vector at position t, y = x + P_t. Backward: ∂L/∂x = ∂L/∂y and ∂L/∂P_t = Σ_sequences ∂L/∂y_t.
 * Initialised N(0, ½): the same root-mean-square as the sinusoidal table, so distinct positions are nearly
 * orthogonal from the start.
 */
public final class LearnedPositions {

    private final Param table;
    private final int d;
    private int t;          // cache
    private int sequences;
    private long[] shape;

    public LearnedPositions(Params store, String name, int maxLength, int d, Rng rng) {
        if (maxLength < 1 || d < 1) {
            throw new IllegalArgumentException(name + ": maxLength and d must be at least 1, got " + maxLength + " and " + d);
        }
        this.d = d;
        this.table = store.add(name + ".P", rng.normal(store.dataType(), Math.sqrt(0.5), maxLength, d));
    }

    /** x + P_t for x [N·T, d] holding N sequences of T tokens. */
    public INDArray forward(INDArray x, int sequences) {
        t = Positional.length(x, sequences, d, table.value().rows(), table.value().dataType());
        this.sequences = sequences;
        shape = x.shape();
        INDArray rows = table.value().get(NDArrayIndex.interval(0, t), NDArrayIndex.all()).reshape('c', 1, (long) t * d);
        return x.reshape('c', sequences, (long) t * d).addRowVector(rows).reshape('c', x.shape());
    }

    public INDArray backward(INDArray dOut) {
        if (shape == null) {
            throw new IllegalStateException("LearnedPositions.backward called before forward");
        }
        Shapes.requireSameShape("dOut", dOut, shape);
        INDArray sum = dOut.reshape('c', sequences, (long) t * d).sum(true, 0).reshape('c', t, d);   // Σ over sequences
        table.grad().get(NDArrayIndex.interval(0, t), NDArrayIndex.all()).addi(sum);
        return dOut;
    }

    public Param table() {
        return table;
    }
}
