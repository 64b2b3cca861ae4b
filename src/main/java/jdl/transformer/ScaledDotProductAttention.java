package jdl.transformer;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.kernels.Blas;
import jdl.nn.kernels.HostArrays;
import jdl.nn.kernels.Scratch;

/**
 * Scaled dot-product attention (Vaswani et al. 2017, eq. 1) for a batch of B·H independent (sequence, head)
 * pairs at once:
 * <pre>
 *   S = Q Kᵀ / √d_k            [B·H, T_q, T_k]   scores: how well query i matches key j
 *   S_ij = −10⁹ where masked                     padding keys, and keys after the query (causal)
 *   P = softmax_j(S)                              attention weights, each row sums to 1
 *   O = P V                    [B·H, T_q, d_v]   each output is a weighted average of the values
 * </pre>
 * Every line is one batched matrix product or one whole-array operation.
 *
 * <p>Backward, for dO = ∂L/∂O:
 * <pre>
 *   dV = Pᵀ dO,   dP = dO Vᵀ,   dS = P ⊙ (dP − rowsum(dP ⊙ P))   (softmax's Jacobian, row by row)
 *   dQ = dS K / √d_k,   dK = dSᵀ Q / √d_k
 * </pre>
 * Masked weights are exactly 0 (exp(−10⁹ − max) underflows), so masked keys get no gradient either.
 *
 * <p><b>Masks.</b> {@code keyMask} [B, T_k] holds 1 for real keys and 0 for padding (every row needs at least
 * one real key); it is shared by the H heads of a sequence (row b·H + h of Q belongs to sequence b). The causal
 * mask lets query i see keys j ≤ i only (T_q = T_k).
 */
public final class ScaledDotProductAttention {

    static final double MASKED = -1e9;

    private final int heads;
    private INDArray q;          // cache
    private INDArray k;
    private INDArray v;
    private INDArray p;          // the attention weights [B·H, T_q, T_k]
    private double scale;
    private INDArray lastMask;   // the mask bias of the last call, reused while the same mask object comes back
    private boolean lastCausal;
    private INDArray lastBias;
    private Buffers buffers;     // after reuseBuffers(): S/P, O and the gradients in the layer's own memory

    /** The layer's own arrays for the scores, the output and the gradients (see {@link #reuseBuffers()}). */
    private static final class Buffers {
        final Scratch s;
        final Scratch o;
        final Scratch dv;
        final Scratch dp;
        final Scratch dq;
        final Scratch dk;
        float[] p = new float[0];
        float[] dP = new float[0];

        Buffers(DataType type) {
            s = new Scratch(type);
            o = new Scratch(type);
            dv = new Scratch(type);
            dp = new Scratch(type);
            dq = new Scratch(type);
            dk = new Scratch(type);
        }
    }

    /**
     * From now on P, O and the gradients are written into the layer's own buffers (valid until its next call; {@link
     * #weights()} returns a copy), and the softmax derivative runs as one loop: a training step allocates nothing.
     */
    public ScaledDotProductAttention reuseBuffers() {
        buffers = new Buffers(DataType.FLOAT);
        return this;
    }

    private boolean reusing(INDArray x) {
        return buffers != null && x.dataType() == DataType.FLOAT;
    }

    /** @param heads the H in B·H: how many consecutive rows of Q share one row of the key mask */
    public ScaledDotProductAttention(int heads) {
        if (heads < 1) {
            throw new IllegalArgumentException("heads: expected at least 1, got " + heads);
        }
        this.heads = heads;
    }

    /** O = softmax(Q Kᵀ / √d_k + mask) V. {@code keyMask} may be null (no padding). */
    public INDArray forward(INDArray query, INDArray key, INDArray value, INDArray keyMask, boolean causal) {
        requireRank3("q", query);
        requireRank3("k", key);
        requireRank3("v", value);
        long bh = query.size(0);
        long tq = query.size(1);
        long tk = key.size(1);
        long dk = query.size(2);
        if (key.size(0) != bh || key.size(2) != dk) {
            throw new IllegalArgumentException("k: expected shape [" + bh + ", T_k, " + dk + "] to match q "
                    + Arrays.toString(query.shape()) + ", got " + Arrays.toString(key.shape()));
        }
        if (value.size(0) != bh || value.size(1) != tk) {
            throw new IllegalArgumentException("v: expected shape [" + bh + ", " + tk + ", d_v] to match k "
                    + Arrays.toString(key.shape()) + ", got " + Arrays.toString(value.shape()));
        }
        if (bh % heads != 0) {
            throw new IllegalArgumentException("q: expected a first dimension B·H divisible by H = " + heads + ", got " + bh);
        }
        if (causal && tq != tk) {
            throw new IllegalArgumentException("causal: expected as many queries as keys, got " + tq + " and " + tk);
        }
        if (keyMask != null && (keyMask.rank() != 2 || keyMask.size(0) != bh / heads || keyMask.size(1) != tk)) {
            throw new IllegalArgumentException("keyMask: expected shape [" + bh / heads + ", " + tk + "], got "
                    + Arrays.toString(keyMask.shape()));
        }
        q = query;
        k = key;
        v = value;
        scale = 1.0 / Math.sqrt(dk);
        INDArray s = reusing(query) ? buffers.s.view(bh, tq, tk) : Nd4j.create(query.dataType(), bh, tq, tk);
        bmm(q, k, s, false, true, scale);                                    // S = Q Kᵀ / √d_k
        INDArray rows = s.reshape('c', bh * tq, tk);
        INDArray bias = bias(keyMask, causal, bh, tq, tk);
        if (bias != null) {
            if (bias.rank() == 2 && bias.size(0) == 1) {                     // causal only: the same [T_q·T_k] for all
                s.reshape('c', bh, tq * tk).addiRowVector(bias);
            } else {
                rows.addi(bias);
            }
        }
        Nd4j.exec(new SoftMax(rows, rows, 1));                               // P = softmax_j(S), in place
        p = s;
        INDArray o = reusing(query) ? buffers.o.view(bh, tq, value.size(2)) : Nd4j.create(query.dataType(), bh, tq, value.size(2));
        bmm(p, v, o, false, false, 1.0);                                     // O = P V
        return o;
    }

    /** ∂L/∂Q, ∂L/∂K, ∂L/∂V. */
    public record Grads(INDArray dq, INDArray dk, INDArray dv) {
    }

    public Grads backward(INDArray dOut) {
        if (p == null) {
            throw new IllegalStateException("ScaledDotProductAttention.backward called before forward");
        }
        long bh = p.size(0);
        long tq = p.size(1);
        long tk = p.size(2);
        long[] expected = {bh, tq, v.size(2)};
        if (!Arrays.equals(dOut.shape(), expected)) {
            throw new IllegalArgumentException("dOut: expected shape " + Arrays.toString(expected) + ", got "
                    + Arrays.toString(dOut.shape()));
        }
        boolean reuse = reusing(dOut) && p.dataType() == DataType.FLOAT;
        INDArray dv = reuse ? buffers.dv.view(v.shape()) : Nd4j.create(dOut.dataType(), v.shape());
        bmm(p, dOut, dv, true, false, 1.0);                                  // dV = Pᵀ dO
        INDArray dp = reuse ? buffers.dp.view(bh, tq, tk) : Nd4j.create(dOut.dataType(), bh, tq, tk);
        bmm(dOut, v, dp, false, true, 1.0);                                  // dP = dO Vᵀ
        INDArray ds;
        if (reuse) {
            ds = softmaxBackward(dp, (int) (bh * tq), (int) tk);             // the same, as one loop, into dp
        } else {
            INDArray dpRows = dp.reshape('c', bh * tq, tk);
            INDArray pRows = p.reshape('c', bh * tq, tk);
            INDArray rowSum = dpRows.mul(pRows).sum(true, 1);                // rowsum(dP ⊙ P)
            ds = dpRows.subiColumnVector(rowSum).muli(pRows).reshape('c', bh, tq, tk);   // dS
        }
        INDArray dq = reuse ? buffers.dq.view(q.shape()) : Nd4j.create(dOut.dataType(), q.shape());
        bmm(ds, k, dq, false, false, scale);                                 // dQ = dS K / √d_k
        INDArray dk = reuse ? buffers.dk.view(k.shape()) : Nd4j.create(dOut.dataType(), k.shape());
        bmm(ds, q, dk, true, false, scale);                                  // dK = dSᵀ Q / √d_k
        return new Grads(dq, dk, dv);
    }

    /** The attention weights P of the last forward, [B·H, T_q, T_k] (row b·H + h: sequence b, head h). */
    public INDArray weights() {
        return buffers != null && p != null ? p.dup() : p;
    }

    /** dS = P ⊙ (dP − rowsum(dP ⊙ P)), row by row on host copies, written over dP. */
    private INDArray softmaxBackward(INDArray dp, int rows, int cols) {
        int n = rows * cols;
        if (buffers.p.length < n) {
            buffers.p = new float[n];
            buffers.dP = new float[n];
        }
        float[] pv = buffers.p;
        float[] dv = buffers.dP;
        HostArrays.read(p, 0, pv, 0, n);
        HostArrays.read(dp, 0, dv, 0, n);
        for (int r = 0; r < rows; r++) {
            int at = r * cols;
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += dv[at + j] * pv[at + j];
            }
            float rowSum = (float) sum;
            for (int j = 0; j < cols; j++) {
                dv[at + j] = pv[at + j] * (dv[at + j] - rowSum);
            }
        }
        HostArrays.write(dv, 0, n, dp, 0);
        return dp;
    }

    public int heads() {
        return heads;
    }

    /**
     * c = alpha · op(a) op(b) for stacks of matrices [batch, rows, cols]: one BLAS gemm per matrix of the stack,
     * called on offsets into the arrays' native buffers. ND4J 1.0.0-M2.1's rank-3 {@code Mmul} does not call BLAS
     * per matrix (measured 1–3 GFLOP/s here), and a loop of {@code Nd4j.gemm} on views costs about 0.2 ms per call
     * in view bookkeeping; this loop costs microseconds per call (see bench/RESULTS.md).
     */
    /** Batched products into {@code c}: the engine room's checked {@link Blas#batchedGemm}. */
    static void bmm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha) {
        Blas.batchedGemm(a, b, c, transA, transB, alpha);
    }

    private INDArray bias(INDArray keyMask, boolean causal, long bh, long tq, long tk) {
        if (keyMask == null && !causal) {
            return null;
        }
        if (lastBias != null && keyMask == lastMask && causal == lastCausal
                && lastBias.length() == (keyMask == null ? tq * tk : bh * tq * tk)) {
            return lastBias;
        }
        double[] m = keyMask == null ? null : keyMask.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        long rows = keyMask == null ? 1 : bh;
        double[] b = new double[(int) (rows * tq * tk)];
        for (int r = 0; r < rows; r++) {
            int seq = r / heads;
            for (int i = 0; i < tq; i++) {
                int base = (int) ((r * tq + i) * tk);
                for (int j = 0; j < tk; j++) {
                    boolean masked = (causal && j > i) || (m != null && m[(int) (seq * tk + j)] == 0);
                    b[base + j] = masked ? MASKED : 0.0;
                }
            }
        }
        if (m != null) {
            for (int seq = 0; seq < bh / heads; seq++) {
                boolean any = false;
                for (int j = 0; j < tk; j++) {
                    any |= m[(int) (seq * tk + j)] != 0;
                }
                if (!any) {
                    throw new IllegalArgumentException("keyMask: row " + seq + " masks every key; expected at least one real key");
                }
            }
        }
        INDArray bias = Nd4j.create(b, keyMask == null ? new long[] {1, tq * tk} : new long[] {bh * tq, tk},
                org.nd4j.linalg.api.buffer.DataType.DOUBLE).castTo(q.dataType());
        lastMask = keyMask;
        lastCausal = causal;
        lastBias = bias;
        return bias;
    }

    private static void requireRank3(String name, INDArray x) {
        if (x == null || x.rank() != 3) {
            throw new IllegalArgumentException(name + ": expected rank 3 [batch·heads, length, size], got "
                    + (x == null ? "null" : "shape " + Arrays.toString(x.shape())));
        }
    }
}
