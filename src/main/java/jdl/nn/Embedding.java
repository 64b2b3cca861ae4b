package jdl.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A lookup table E [vocabulary, dim]: token id i becomes row E_i. Backward adds each output row's
 * gradient into the row it came from (a token seen twice gets both contributions).
 */
public final class Embedding {

    private final Param E;
    private final int vocabulary;
    private final int dim;
    private int[] ids;   // cache

    public Embedding(Params store, String name, int vocabulary, int dim, Rng rng) {
        if (vocabulary < 1 || dim < 1) {
            throw new IllegalArgumentException(name + ": vocabulary and dim must be at least 1, got "
                    + vocabulary + " and " + dim);
        }
        this.vocabulary = vocabulary;
        this.dim = dim;
        this.E = store.add(name + ".E", rng.normal(store.dataType(), 1.0 / Math.sqrt(dim), vocabulary, dim));
    }

    /** Rows E[ids[0]], E[ids[1]], … as [ids.length, dim]. */
    public INDArray forward(int[] tokenIds) {
        if (tokenIds == null || tokenIds.length == 0) {
            throw new IllegalArgumentException("ids: expected at least one token id, got none");
        }
        for (int i = 0; i < tokenIds.length; i++) {
            if (tokenIds[i] < 0 || tokenIds[i] >= vocabulary) {
                throw new IllegalArgumentException("ids[" + i + "]: expected a token id in 0.." + (vocabulary - 1)
                        + ", got " + tokenIds[i]);
            }
        }
        ids = tokenIds.clone();
        return Nd4j.pullRows(E.value(), 1, ids);   // one native gather (getRows copies row by row)
    }

    /** Adds dOut's rows into the gradient rows of the ids seen in forward. */
    public void backward(INDArray dOut) {
        if (ids == null) {
            throw new IllegalStateException("Embedding.backward called before forward");
        }
        Shapes.requireSameShape("dOut", dOut, new long[] {ids.length, dim});
        INDArray dE = E.grad();
        if ((long) vocabulary * dim <= 1 << 20) {
            // small tables: sum the rows in Java and add them in one operation (ND4J's cost per op dominates)
            double[] d = Shapes.doubles(dOut);
            double[] sum = new double[vocabulary * dim];
            for (int i = 0; i < ids.length; i++) {
                int to = ids[i] * dim;
                for (int k = 0; k < dim; k++) {
                    sum[to + k] += d[i * dim + k];
                }
            }
            dE.addi(Nd4j.create(sum, new long[] {vocabulary, dim}, org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                    .castTo(dE.dataType()));
            return;
        }
        for (int i = 0; i < ids.length; i++) {
            dE.getRow(ids[i]).addi(dOut.getRow(i));
        }
    }

    public Param table() {
        return E;
    }

    public int vocabulary() {
        return vocabulary;
    }

    public int dim() {
        return dim;
    }

    /** A one-hot matrix [ids.length, vocabulary] (for inputs that skip the embedding). */
    public static INDArray oneHot(int[] ids, int vocabulary, org.nd4j.linalg.api.buffer.DataType dtype) {
        INDArray x = Nd4j.zeros(dtype, ids.length, vocabulary);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabulary) {
                throw new IllegalArgumentException("ids[" + i + "]: expected 0.." + (vocabulary - 1) + ", got " + ids[i]);
            }
            x.putScalar(i, ids[i], 1.0);
        }
        return x;
    }
}
