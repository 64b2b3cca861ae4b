package jdl.transformer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.nn.Dropout;
import jdl.nn.LayerNorm;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.kernels.Scratch;

/**
 * One encoder block, pre-LN (Xiong et al. 2020, "On Layer Normalization in the Transformer Architecture"): the
 * layer norm sits inside each residual branch, so the residual path x → y is the identity and gradients reach
 * the first block unscaled; such blocks train without the long warm-up the original post-LN blocks need,
 * which matters on small budgets. A final layer norm after the last block ({@link TransformerSeq2Seq}) completes it.
 * <pre>
 *   h = x + Dropout(MHA(LN₁(x)))          self-attention over all (real) tokens
 *   y = h + Dropout(FFN(LN₂(h)))          position-wise feed-forward
 * </pre>
 * Backward: the residual additions copy the gradient into both branches,
 * ∂L/∂h = ∂L/∂y + LN₂ᵀ(FFNᵀ(∂L/∂y)) and ∂L/∂x = ∂L/∂h + LN₁ᵀ(MHAᵀ(∂L/∂h)).
 */
public final class EncoderBlock {

    private final Scratch residual = new Scratch(DataType.FLOAT);       // h, the block's output (FLOAT)
    private final Scratch residualGrad = new Scratch(DataType.FLOAT);   // ∂L/∂h, what backward returns
    private final LayerNorm norm1;
    private final MultiHeadAttention attention;
    private final Dropout drop1;
    private final LayerNorm norm2;
    private final FeedForward ffn;
    private final Dropout drop2;

    public EncoderBlock(Params store, String name, int d, int heads, int ffnSize, double dropout, Rng rng) {
        norm1 = new LayerNorm(store, name + ".ln1", d);
        attention = new MultiHeadAttention(store, name + ".attn", d, heads, false, rng.split());
        drop1 = new Dropout(dropout, rng.split());
        norm2 = new LayerNorm(store, name + ".ln2", d);
        ffn = new FeedForward(store, name + ".ffn", d, ffnSize, rng.split());
        drop2 = new Dropout(dropout, rng.split());
        norm1.reuseBuffers();
        attention.reuseBuffers();
        norm2.reuseBuffers();
        ffn.reuseBuffers();
    }

    /** x [N·T, d] of {@code batch} sequences; keyMask [N, T] (1 = real token) or null. */
    public INDArray forward(INDArray x, int batch, INDArray keyMask) {
        INDArray h = plus(residual, x, drop1.forward(attention.forward(norm1.forward(x), batch, keyMask, false)));
        return h.addi(drop2.forward(ffn.forward(norm2.forward(h))));
    }

    public INDArray backward(INDArray dOut) {
        INDArray dh = plus(residualGrad, dOut, norm2.backward(ffn.backward(drop2.backward(dOut))));
        return dh.addi(norm1.backward(attention.backward(drop1.backward(dh))));
    }

    public void setTraining(boolean training) {
        drop1.setTraining(training);
        drop2.setTraining(training);
    }

    public MultiHeadAttention attention() {
        return attention;
    }

    /**
     * a + b into {@code into} (FLOAT; the block's own buffer, valid until its next call), or a new array. The sublayers
     * write into buffers of their own too, so a training step of the block allocates no native memory.
     */
    private static INDArray plus(Scratch into, INDArray a, INDArray b) {
        if (a.dataType() != DataType.FLOAT) {
            return a.add(b);
        }
        return into.view(a.shape()).assign(a).addi(b);
    }
}
