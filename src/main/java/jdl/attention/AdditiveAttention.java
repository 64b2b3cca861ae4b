package jdl.attention;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import jdl.nn.Init;
import jdl.nn.Param;
import jdl.nn.Params;
import jdl.nn.Rng;

/**
 * Additive (Bahdanau) attention: a one-hidden-layer network scores every key against the query,
 * <pre>
 *   e_j = vᵀ tanh(W_q q + W_k h_j + b)
 * </pre>
 * with W_q [Hq, A], W_k [Hk, A], b [1, A], v [A, 1] (A: the attention size). W_k h_j + b does not depend on
 * the query, so {@link #memory} computes it once per batch; a step adds W_q q to it, applies tanh and
 * multiplies by v.
 *
 * <p>Backward, for de = ∂L/∂e [N, S] and t_j = tanh(·): ∂L/∂v = Σ_j t_jᵀ de_j, da_j = de_j vᵀ ⊙ (1 − t_j²),
 * ∂L/∂(W_q q) = Σ_j da_j, ∂L/∂W_q = qᵀ Σ_j da_j, ∂L/∂q = (Σ_j da_j) W_qᵀ; the da_j of all steps add up
 * and go through W_k once ({@link #keysBackward}).
 */
public final class AdditiveAttention extends Attention {

    private final Param Wq;
    private final Param Wk;
    private final Param b;
    private final Param v;
    private final int size;
    private final DataType dtype;

    public AdditiveAttention(Params store, String name, int keySize, int querySize, int attentionSize, Rng rng) {
        super(keySize, querySize);
        if (attentionSize < 1) {
            throw new IllegalArgumentException(name + ": attentionSize must be at least 1, got " + attentionSize);
        }
        this.size = attentionSize;
        this.dtype = store.dataType();
        this.Wq = store.add(name + ".Wq", Init.XAVIER_UNIFORM.sample(querySize, attentionSize, rng, dtype));
        this.Wk = store.add(name + ".Wk", Init.XAVIER_UNIFORM.sample(keySize, attentionSize, rng, dtype));
        this.b = store.add(name + ".b", Nd4j.zeros(dtype, 1, attentionSize));
        this.v = store.add(name + ".v", Init.XAVIER_UNIFORM.sample(attentionSize, 1, rng, dtype));
    }

    @Override
    protected DataType dataType() {
        return dtype;
    }

    @Override
    protected INDArray project(INDArray keys) {
        long n = keys.size(0);
        long s = keys.size(1);
        INDArray k2 = keys.reshape('c', n * s, keySize());
        INDArray kp = Nd4j.create(dtype, n * s, size);
        Nd4j.gemm(k2, Wk.value(), kp, false, false, 1.0, 0.0);        // W_k h_j (as rows: h_j W_k)
        kp.addiRowVector(b.value());                                   //   + b
        return kp.reshape('c', n, s, size);
    }

    @Override
    protected Object[] scores(Memory m, INDArray query) {
        long n = m.batch();
        long s = m.length();
        INDArray qw = Nd4j.create(dtype, n, size);
        Nd4j.gemm(query, Wq.value(), qw, false, false, 1.0, 0.0);     // W_q q
        INDArray t = Nd4j.createUninitialized(dtype, n, s, size);
        Nd4j.getExecutioner().exec(new BroadcastAddOp(m.projected, qw, t, 0, 2));   // W_q q + W_k h_j + b
        Transforms.tanh(t, false);                                     // t_j = tanh(·)
        INDArray e = Nd4j.create(dtype, n * s, 1);
        Nd4j.gemm(t.reshape('c', n * s, size), v.value(), e, false, false, 1.0, 0.0);   // e_j = t_j v
        return new Object[] {e.reshape('c', n, s), t};
    }

    @Override
    protected INDArray scoresBackward(Memory m, INDArray query, Object cache, INDArray dScores) {
        long n = m.batch();
        long s = m.length();
        INDArray t2 = ((INDArray) cache).reshape('c', n * s, size);
        INDArray de = dScores.reshape('c', n * s, 1);
        Nd4j.gemm(t2, de, v.grad(), true, false, 1.0, 1.0);            // dv += Σ_j t_jᵀ de_j
        INDArray da = Nd4j.create(dtype, n * s, size);
        Nd4j.gemm(de, v.value(), da, false, true, 1.0, 0.0);           // de_j vᵀ
        da.muli(t2.mul(t2).rsubi(1));                                  //   ⊙ (1 − t_j²)
        INDArray da3 = da.reshape('c', n, s, size);
        if (m.dProjected == null) {
            m.dProjected = da3.dup();
        } else {
            m.dProjected.addi(da3);                                    // W_k h_j + b: collected over steps
        }
        INDArray dqw = da3.sum(1);                                     // ∂L/∂(W_q q) = Σ_j da_j
        Nd4j.gemm(query, dqw, Wq.grad(), true, false, 1.0, 1.0);       // dW_q += qᵀ dqw
        INDArray dq = Nd4j.create(dtype, n, querySize());
        Nd4j.gemm(dqw, Wq.value(), dq, false, true, 1.0, 0.0);         // dq = dqw W_qᵀ
        return dq;
    }

    @Override
    protected INDArray projectBackward(Memory m, INDArray dProjected) {
        long n = m.batch();
        long s = m.length();
        INDArray k2 = m.keys.reshape('c', n * s, keySize());
        INDArray d2 = dProjected.reshape('c', n * s, size);
        Nd4j.gemm(k2, d2, Wk.grad(), true, false, 1.0, 1.0);           // dW_k += Σ h_jᵀ da_j
        b.grad().addi(d2.sum(true, 0));                                // db += Σ da_j
        INDArray dk = Nd4j.create(dtype, n * s, keySize());
        Nd4j.gemm(d2, Wk.value(), dk, false, true, 1.0, 0.0);          // dh_j = da_j W_kᵀ
        return dk.reshape('c', n, s, keySize());
    }

    public int attentionSize() {
        return size;
    }

    public Param queryWeight() {
        return Wq;
    }

    public Param keyWeight() {
        return Wk;
    }

    public Param bias() {
        return b;
    }

    public Param scoreVector() {
        return v;
    }
}
