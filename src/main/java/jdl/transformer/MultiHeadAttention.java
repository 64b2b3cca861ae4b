package jdl.transformer;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import jdl.nn.Init;
import jdl.nn.Linear;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.Shapes;
import jdl.nn.kernels.Scratch;

/**
 * Multi-head attention (Vaswani et al. 2017, §3.2.2): H heads attend in parallel, each in its own d_k = d/H
 * dimensional subspace, and their outputs are concatenated and projected back:
 * <pre>
 *   head_h = Attention(X_q W_h^Q, X_kv W_h^K, X_kv W_h^V)
 *   MHA    = [head_1 ; … ; head_H] W^O
 * </pre>
 * Rows are tokens: X_q is [N·T_q, d] (N sequences of T_q tokens, sequence-major), X_kv is [N·T_k, d].
 * The projections are whole-batch matrix products: self-attention (X_kv = X_q) computes Q, K and V with one
 * fused [d, 3d] weight; cross-attention (X_kv = the encoder's output, the "memory") projects Q with [d, d] and
 * K, V with one fused [d, 2d]. One reshape-and-permute copy turns [N·T, H·d_k] into the heads' layout
 * [N·H, T, d_k] for {@link ScaledDotProductAttention}, and one turns the result back.
 */
public final class MultiHeadAttention {

    private final int d;
    private final int heads;
    private final int dk;
    private final boolean cross;
    private final Linear qkv;        // self: [d, 3d]
    private final Linear query;      // cross: [d, d]
    private final Linear keyValue;   // cross: [d, 2d]
    private final Linear out;        // W^O [d, d]
    private final ScaledDotProductAttention attention;
    private int n;                   // cache: sequences, lengths
    private int tq;
    private int tk;
    private INDArray dMemory;
    // after reuseBuffers(): the head-split and head-merged copies in the layer's own memory, one buffer per use
    private Scratch splitX;
    private Scratch splitMemory;
    private Scratch splitGrad;
    private Scratch stacked;
    private Scratch mergedOut;
    private Scratch mergedGrad;
    private Scratch mergedMemoryGrad;

    /**
     * @param cross false: self-attention (queries, keys and values from the same tokens); true: cross-attention
     *              (keys and values from a memory, e.g. the encoder's output)
     */
    public MultiHeadAttention(Params store, String name, int d, int heads, boolean cross, Rng rng) {
        if (d < 1 || heads < 1 || d % heads != 0) {
            throw new IllegalArgumentException(name + ": expected d ≥ 1 divisible by heads ≥ 1, got d = " + d
                    + " and heads = " + heads);
        }
        this.d = d;
        this.heads = heads;
        this.dk = d / heads;
        this.cross = cross;
        if (cross) {
            qkv = null;
            query = new Linear(store, name + ".q", d, d, Init.XAVIER_UNIFORM, rng.split());
            keyValue = new Linear(store, name + ".kv", d, 2 * d, Init.XAVIER_UNIFORM, rng.split());
        } else {
            qkv = new Linear(store, name + ".qkv", d, 3 * d, Init.XAVIER_UNIFORM, rng.split());
            query = null;
            keyValue = null;
        }
        out = new Linear(store, name + ".out", d, d, Init.XAVIER_UNIFORM, rng.split());
        attention = new ScaledDotProductAttention(heads);
    }

    /** Self-attention over x [N·T, d] ({@code batch} = N sequences of T tokens); keyMask [N, T] or null. */
    public INDArray forward(INDArray x, int batch, INDArray keyMask, boolean causal) {
        if (cross) {
            throw new IllegalStateException("this is a cross-attention layer: call forward(x, memory, batch, keyMask)");
        }
        int t = rowsPerSequence("x", x, batch);
        n = batch;
        tq = t;
        tk = t;
        INDArray h = splitHeads(qkv.forward(x), 3, t, splitX);          // [3, N·H, T, d_k]
        INDArray o = attention.forward(part(h, 0), part(h, 1), part(h, 2), keyMask, causal);
        return out.forward(mergeHeads(t, mergedOut, o));                // [head_1 ; … ; head_H] W^O
    }

    /** Cross-attention: queries from x [N·T_q, d], keys and values from memory [N·T_k, d]; keyMask [N, T_k] or null. */
    public INDArray forward(INDArray x, INDArray memory, int batch, INDArray keyMask) {
        if (!cross) {
            throw new IllegalStateException("this is a self-attention layer: call forward(x, batch, keyMask, causal)");
        }
        tq = rowsPerSequence("x", x, batch);
        tk = rowsPerSequence("memory", memory, batch);
        n = batch;
        INDArray q = splitHeads(query.forward(x), 1, tq, splitX);
        INDArray kv = splitHeads(keyValue.forward(memory), 2, tk, splitMemory);
        INDArray o = attention.forward(part(q, 0), part(kv, 0), part(kv, 1), keyMask, false);
        return out.forward(mergeHeads(tq, mergedOut, o));
    }

    /** Returns ∂L/∂x; for cross-attention ∂L/∂memory is then {@link #memoryGradient()}. */
    public INDArray backward(INDArray dOut) {
        INDArray dHeads = splitHeads(out.backward(dOut), 1, tq, splitGrad);   // ∂L/∂[head_1 ; … ; head_H], per head
        ScaledDotProductAttention.Grads g = attention.backward(part(dHeads, 0));
        if (!cross) {
            dMemory = null;
            return qkv.backward(mergeHeads(tq, mergedGrad, g.dq(), g.dk(), g.dv()));  // one [N·T, 3d] gradient into W^{QKV}
        }
        dMemory = keyValue.backward(mergeHeads(tk, mergedMemoryGrad, g.dk(), g.dv()));
        return query.backward(mergeHeads(tq, mergedGrad, g.dq()));
    }

    /** ∂L/∂memory [N·T_k, d] from the last backward of a cross-attention layer. */
    public INDArray memoryGradient() {
        if (!cross || dMemory == null) {
            throw new IllegalStateException("memoryGradient: only after backward of a cross-attention layer");
        }
        return dMemory;
    }

    /** The last attention weights of sequence {@code example}: [head][query][key]. */
    public double[][][] weights(int example) {
        INDArray p = attention.weights();
        if (p == null) {
            throw new IllegalStateException("weights: call forward first");
        }
        if (example < 0 || example >= n) {
            throw new IllegalArgumentException("example: expected 0.." + (n - 1) + ", got " + example);
        }
        double[][][] w = new double[heads][tq][tk];
        double[] all = Shapes.doubles(p.get(NDArrayIndex.interval((long) example * heads, (long) (example + 1) * heads),
                NDArrayIndex.all(), NDArrayIndex.all()));
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < tq; i++) {
                System.arraycopy(all, (h * tq + i) * tk, w[h][i], 0, tk);
            }
        }
        return w;
    }

    /** The attention weights of all sequences and heads, [N·H, T_q, T_k]. */
    public INDArray weights() {
        return attention.weights();
    }

    public int heads() {
        return heads;
    }

    public boolean isCross() {
        return cross;
    }

    // [N·T, parts·H·d_k] → [parts, N·H, T, d_k]: part p of head h of sequence b at [p, b·H + h]
    private INDArray splitHeads(INDArray x, int parts, int t, Scratch into) {
        INDArray perHead = x.reshape('c', n, t, parts, heads, dk).permute(2, 0, 3, 1, 4);
        INDArray dense = into == null || x.dataType() != into.dataType() ? perHead.dup('c')
                : into.view(parts, n, heads, t, dk).assign(perHead);
        return dense.reshape('c', parts, (long) n * heads, t, dk);
    }

    private static INDArray part(INDArray stacked, int i) {
        return stacked.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
    }

    // parts of [N·H, T, d_k] each → [N·T, parts·H·d_k] (the inverse of splitHeads)
    private INDArray mergeHeads(int t, Scratch into, INDArray... parts) {
        boolean reuse = into != null && parts[0].dataType() == into.dataType();
        INDArray all;
        if (parts.length == 1) {
            all = parts[0].reshape('c', 1, n, heads, t, dk);
        } else {
            all = reuse ? stacked.view(parts.length, (long) n * heads, t, dk)
                    : Nd4j.create(parts[0].dataType(), parts.length, (long) n * heads, t, dk);
            for (int i = 0; i < parts.length; i++) {
                part(all, i).assign(parts[i]);
            }
            all = all.reshape('c', parts.length, n, heads, t, dk);
        }
        INDArray sideBySide = all.permute(1, 3, 0, 2, 4);
        INDArray dense = reuse ? into.view(n, t, parts.length, heads, dk).assign(sideBySide) : sideBySide.dup('c');
        return dense.reshape('c', (long) n * t, (long) parts.length * heads * dk);
    }

    /**
     * From now on every array this layer makes (its projections, the head-split copies, the attention's scores and
     * gradients) lives in buffers of its own, valid until its next call: for the blocks of a Transformer, whose
     * training step then allocates no native memory. {@link #weights()} still returns a copy.
     */
    public MultiHeadAttention reuseBuffers() {
        DataType type = out.weight().value().dataType();
        for (Linear l : new Linear[] {qkv, query, keyValue, out}) {
            if (l != null) {
                l.reuseBuffers();
            }
        }
        attention.reuseBuffers();
        splitX = new Scratch(type);
        splitMemory = new Scratch(type);
        splitGrad = new Scratch(type);
        stacked = new Scratch(type);
        mergedOut = new Scratch(type);
        mergedGrad = new Scratch(type);
        mergedMemoryGrad = new Scratch(type);
        return this;
    }

    private int rowsPerSequence(String name, INDArray x, int batch) {
        Shapes.requireFeatures(name, x, d, out.weight().value().dataType());
        if (x.rank() != 2) {
            throw new IllegalArgumentException(name + ": expected a matrix [N·T, " + d + "], got shape "
                    + Arrays.toString(x.shape()));
        }
        if (batch < 1 || x.rows() % batch != 0) {
            throw new IllegalArgumentException("batch: expected a number of sequences dividing the " + x.rows()
                    + " rows of " + name + ", got " + batch);
        }
        return (int) (x.rows() / batch);
    }
}
