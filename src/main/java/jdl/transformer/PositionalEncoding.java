package jdl.transformer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.Shapes;

/**
 * The sinusoidal positional encoding (Vaswani et al. 2017, §3.5), added to the token vectors:
 * <pre>
 *   PE(pos, 2i)   = sin(pos / 10000^{2i/d})
 *   PE(pos, 2i+1) = cos(pos / 10000^{2i/d})
 * </pre>
 * Each pair of dimensions is a clock turning at its own speed, from once every 2π positions down to once every
 * 10000·2π. PE(pos + k) is a rotation of PE(pos) that depends only on k, so the dot product PE(pos)·PE(pos + k)
 * depends only on the offset k. No parameters: backward passes the gradient through unchanged.
 */
public final class PositionalEncoding {

    private final int d;
    private final INDArray table;   // [maxLength, d]
    private int batch;              // cache
    private long[] shape;

    public PositionalEncoding(int maxLength, int d, DataType dtype) {
        if (maxLength < 1 || d < 1) {
            throw new IllegalArgumentException("maxLength and d: expected at least 1, got " + maxLength + " and " + d);
        }
        this.d = d;
        this.table = table(maxLength, d).castTo(dtype);
    }

    /** The table PE [length, d] in double precision (for plots). */
    public static INDArray table(int length, int d) {
        double[] pe = new double[length * d];
        for (int pos = 0; pos < length; pos++) {
            for (int i = 0; 2 * i < d; i++) {
                double angle = pos / Math.pow(10000, 2.0 * i / d);
                pe[pos * d + 2 * i] = Math.sin(angle);
                if (2 * i + 1 < d) {
                    pe[pos * d + 2 * i + 1] = Math.cos(angle);
                }
            }
        }
        return Nd4j.create(pe, new long[] {length, d}, DataType.DOUBLE);
    }

    /** x + PE for x [N·T, d] holding N sequences of T tokens. */
    public INDArray forward(INDArray x, int sequences) {
        int t = Positional.length(x, sequences, d, table.rows(), table.dataType());
        batch = sequences;
        shape = x.shape();
        INDArray rows = table.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, t),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).reshape('c', 1, (long) t * d);
        return x.reshape('c', sequences, (long) t * d).addRowVector(rows).reshape('c', x.shape());
    }

    /** ∂L/∂x = ∂L/∂y (the table is fixed). */
    public INDArray backward(INDArray dOut) {
        if (shape == null) {
            throw new IllegalStateException("PositionalEncoding.backward called before forward");
        }
        Shapes.requireSameShape("dOut", dOut, shape);
        return dOut;
    }

    public int maxLength() {
        return table.rows();
    }
}
