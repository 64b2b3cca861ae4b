package jdl.attention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import jdl.nn.Shapes;
import jdl.tasks.Batch;

/**
 * Soft attention over a set of keys (Bahdanau et al. 2014; Xu et al. 2015). For a query q (a decoder state)
 * and keys h_1 … h_S (encoder states, or image-region features):
 * <pre>
 *   e_j = score(q, h_j)                       one number per key (the subclass: additive or dot product)
 *   α_j = exp(e_j) / Σ_k exp(e_k)             softmax over the real keys; padded keys get α_j = 0 exactly
 *   c   = Σ_j α_j h_j                         the context vector
 * </pre>
 *
 * <p><b>Layout.</b> Batch-major: keys [N, S, Hk] (N sequences of S keys of size Hk), mask [N, S] of 0/1
 * (1 = real key, at least one per row), query [N, Hq], context [N, Hk], weights α [N, S].
 *
 * <p><b>Use.</b> {@link #memory} takes the keys once per batch (the additive score projects them once
 * here: W_k h_j does not depend on the query). Then for every decoder step {@link #forward} returns the
 * context and weights with its cache; backward runs the steps in reverse: {@link #backward} returns
 * ∂L/∂query and accumulates the parameters' gradients; after the last one, {@link #keysBackward} returns
 * ∂L/∂keys summed over all steps. Each step is a handful of whole-batch operations (ND4J's cost per
 * operation dominates at these sizes).
 */
public abstract class Attention {

    /** A large negative number added to the scores of padded keys, so that exp(e − max) is exactly 0. */
    static final double MASKED = -1e9;

    /**
     * The keys of one batch with what every step reuses (the subclass's projection of the keys) and the
     * gradient that collects over the steps.
     */
    public final class Memory {
        final INDArray keys;          // [N, S, Hk]
        final INDArray mask;          // [N, S]
        final INDArray maskBias;      // [N, S]: 0 for real keys, MASKED for padding
        final INDArray projected;     // the subclass's per-key precomputation, or null
        INDArray dProjected;          // ∂L/∂projected, summed over steps
        // ∂L/∂keys gets Σ_i w_iᵀ u_i per sequence from every step i: collected, then one batched product
        final List<INDArray> outerWeights = new ArrayList<>();   // each [N, S]
        final List<INDArray> outerVectors = new ArrayList<>();   // each [N, Hk]

        private Memory(INDArray keys, INDArray mask, INDArray projected) {
            this.keys = keys;
            this.mask = mask;
            this.maskBias = mask.rsub(1).muli(MASKED);
            this.projected = projected;
        }

        public INDArray keys() {
            return keys;
        }

        public INDArray mask() {
            return mask;
        }

        public long batch() {
            return keys.size(0);
        }

        public long length() {
            return keys.size(1);
        }

        /** Adds wᵀ u (per sequence: [S, 1] × [1, Hk]) to ∂L/∂keys, lazily (w [N, S], u [N, Hk]). */
        void addOuterToKeyGrad(INDArray w, INDArray u) {
            outerWeights.add(w);
            outerVectors.add(u);
        }
    }

    /** What one step computed: the context c [N, Hk], the weights α [N, S], and the cache for backward. */
    public record Step(Memory memory, INDArray query, INDArray context, INDArray weights, Object cache) {
    }

    private final int keySize;
    private final int querySize;

    protected Attention(int keySize, int querySize) {
        if (keySize < 1 || querySize < 1) {
            throw new IllegalArgumentException("keySize, querySize: expected at least 1, got " + keySize + " and " + querySize);
        }
        this.keySize = keySize;
        this.querySize = querySize;
    }

    public int keySize() {
        return keySize;
    }

    public int querySize() {
        return querySize;
    }

    /** The data type of the parameters (keys, mask and queries must have it). */
    protected abstract DataType dataType();

    /** Per-key precomputation done once per batch (e.g. W_k h_j + b), or null. */
    protected abstract INDArray project(INDArray keys);

    /** The scores e [N, S] of every key for the query; returns them with the cache the backward needs. */
    protected abstract Object[] scores(Memory m, INDArray query);

    /** From ∂L/∂e [N, S]: accumulates parameter gradients and ∂L/∂keys, returns ∂L/∂query. */
    protected abstract INDArray scoresBackward(Memory m, INDArray query, Object cache, INDArray dScores);

    /** Backward of {@link #project}: adds its parameter gradients, returns ∂L/∂keys through the projection. */
    protected abstract INDArray projectBackward(Memory m, INDArray dProjected);

    /**
     * Takes the keys [N, S, Hk] of a batch and their mask [N, S] (null: all real).
     */
    public Memory memory(INDArray keys, INDArray mask) {
        if (keys == null || keys.rank() != 3) {
            throw new IllegalArgumentException("keys: expected rank 3 [batch, keys, " + keySize + "], got "
                    + (keys == null ? "null" : "shape " + Arrays.toString(keys.shape())));
        }
        Shapes.requireFeatures("keys", keys, keySize, dataType());
        long n = keys.size(0);
        long s = keys.size(1);
        if (s == 0) {
            throw new IllegalArgumentException("keys: expected at least one key per row, got shape " + Arrays.toString(keys.shape()));
        }
        if (mask == null) {
            mask = Nd4j.ones(dataType(), n, s);
        } else {
            Shapes.requireSameShape("mask", mask, new long[] {n, s});
            Shapes.requireType("mask", mask, dataType());
            double[] real = Shapes.doubles(mask.sum(1));
            for (int i = 0; i < real.length; i++) {
                if (real[i] < 1) {
                    throw new IllegalArgumentException("mask: expected at least one real key (1) in every row, row "
                            + i + " has none");
                }
            }
        }
        INDArray k = keys.ordering() == 'c' ? keys : keys.dup('c');
        return new Memory(k, mask, project(k));
    }

    /** One step: α = softmax over the real keys of score(query, keys), c = Σ_j α_j h_j. */
    public Step forward(Memory m, INDArray query) {
        Shapes.requireSameShape("query", query, new long[] {m.batch(), querySize});
        Shapes.requireType("query", query, dataType());
        Object[] sc = scores(m, query);
        INDArray e = (INDArray) sc[0];                                    // [N, S]
        INDArray alpha = maskedSoftmax(e, m.maskBias);
        return new Step(m, query, weightedSum(m.keys, alpha), alpha, sc[1]);
    }

    /**
     * Backward of one step for ∂L/∂c [N, Hk]: returns ∂L/∂query; the parameters' gradients and ∂L/∂keys
     * accumulate (read the latter with {@link #keysBackward} after the last step's backward).
     */
    public INDArray backward(Step step, INDArray dContext) {
        Memory m = step.memory();
        Shapes.requireSameShape("dContext", dContext, new long[] {m.batch(), keySize});
        INDArray alpha = step.weights();
        m.addOuterToKeyGrad(alpha, dContext);                        // ∂c/∂h_j = α_j: dh_j += α_j dc
        INDArray dAlpha = weightedSumBackward(m.keys, dContext);     // dα_j = h_j · dc
        // softmax backward: de_j = α_j (dα_j − Σ_k α_k dα_k); padded keys have α_j = 0, so de_j = 0
        INDArray dot = dAlpha.mul(alpha).sum(true, 1);
        INDArray dScores = dAlpha.subiColumnVector(dot).muli(alpha);
        return scoresBackward(m, step.query(), step.cache(), dScores);
    }

    /** ∂L/∂keys [N, S, Hk] from all steps run backward since {@link #memory}; adds the projection's gradients. */
    public INDArray keysBackward(Memory m) {
        INDArray dKeys = Nd4j.zeros(dataType(), m.keys.shape());
        if (!m.outerWeights.isEmpty()) {
            // Σ_i w_iᵀ u_i per sequence as one batched product: [N, S, steps] × [N, steps, Hk]
            INDArray w = Nd4j.stack(1, m.outerWeights.toArray(new INDArray[0]));   // [N, steps, S]
            INDArray u = Nd4j.stack(1, m.outerVectors.toArray(new INDArray[0]));   // [N, steps, Hk]
            dKeys.addi(Nd4j.matmul(w, u, true, false, false));
        }
        if (m.dProjected != null) {
            dKeys.addi(projectBackward(m, m.dProjected));
        }
        return dKeys;
    }

    /** softmax_j(e_j + bias_j) row by row; rows with bias MASKED get exactly 0. */
    static INDArray maskedSoftmax(INDArray e, INDArray maskBias) {
        INDArray shifted = e.add(maskBias);
        shifted.subiColumnVector(shifted.max(true, 1));
        INDArray p = Transforms.exp(shifted, false);
        return p.diviColumnVector(p.sum(true, 1));
    }

    /** Σ_j w[n, j] · x[n, j, :] → [N, D] for x [N, S, D], w [N, S]. */
    static INDArray weightedSum(INDArray x, INDArray w) {
        INDArray scaled = Nd4j.createUninitialized(x.dataType(), x.shape());
        Nd4j.getExecutioner().exec(new BroadcastMulOp(x, w, scaled, 0, 1));
        return scaled.sum(1);
    }

    /** Σ_d x[n, j, d] · u[n, d] → [N, S] for x [N, S, D], u [N, D] (the gradient of weightedSum w.r.t. w). */
    static INDArray weightedSumBackward(INDArray x, INDArray u) {
        INDArray scaled = Nd4j.createUninitialized(x.dataType(), x.shape());
        Nd4j.getExecutioner().exec(new BroadcastMulOp(x, u, scaled, 0, 2));
        return scaled.sum(2);
    }
}
