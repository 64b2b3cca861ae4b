package jdl.transformer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.nn.Dropout;
import jdl.nn.LayerNorm;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.kernels.Scratch;

/**
 * One decoder block, pre-LN like {@link EncoderBlock} (Xiong et al. 2020):
 * <pre>
 *   h₁ = x  + Dropout(MHA_causal(LN₁(x)))              each position sees itself and the positions before it
 *   h₂ = h₁ + Dropout(MHA_cross(LN₂(h₁), memory))      queries from the decoder, keys and values from the encoder
 *   y  = h₂ + Dropout(FFN(LN₃(h₂)))
 * </pre>
 * Without a memory (a decoder-only language model, {@link TransformerLM}) the cross-attention sub-layer is left
 * out. Backward runs the three residual branches in reverse; ∂L/∂memory is then {@link #memoryGradient()}.
 */
public final class DecoderBlock {

    private final Scratch residual = new Scratch(DataType.FLOAT);       // h, the block's output (FLOAT)
    private final Scratch residualGrad = new Scratch(DataType.FLOAT);   // ∂L/∂h, what backward returns
    private final LayerNorm norm1;
    private final MultiHeadAttention selfAttention;
    private final Dropout drop1;
    private final LayerNorm norm2;                  // null without cross-attention
    private final MultiHeadAttention crossAttention;
    private final Dropout drop2;
    private final LayerNorm norm3;
    private final FeedForward ffn;
    private final Dropout drop3;

    /** @param withCross true for an encoder–decoder's decoder, false for a decoder-only language model */
    public DecoderBlock(Params store, String name, int d, int heads, int ffnSize, double dropout, boolean withCross,
                        Rng rng) {
        norm1 = new LayerNorm(store, name + ".ln1", d);
        selfAttention = new MultiHeadAttention(store, name + ".self", d, heads, false, rng.split());
        drop1 = new Dropout(dropout, rng.split());
        if (withCross) {
            norm2 = new LayerNorm(store, name + ".ln2", d);
            crossAttention = new MultiHeadAttention(store, name + ".cross", d, heads, true, rng.split());
            drop2 = new Dropout(dropout, rng.split());
        } else {
            norm2 = null;
            crossAttention = null;
            drop2 = null;
        }
        norm3 = new LayerNorm(store, name + ".ln3", d);
        ffn = new FeedForward(store, name + ".ffn", d, ffnSize, rng.split());
        drop3 = new Dropout(dropout, rng.split());
        norm1.reuseBuffers();
        selfAttention.reuseBuffers();
        if (withCross) {
            norm2.reuseBuffers();
            crossAttention.reuseBuffers();
        }
        norm3.reuseBuffers();
        ffn.reuseBuffers();
    }

    /**
     * x [N·T, d] of {@code batch} target sequences; memory [N·S, d] (the encoder's output) with its key mask
     * [N, S], or both null for a decoder without cross-attention.
     */
    public INDArray forward(INDArray x, int batch, INDArray memory, INDArray memoryMask) {
        if ((memory == null) != (crossAttention == null)) {
            throw new IllegalArgumentException("memory: expected " + (crossAttention == null
                    ? "null (this block has no cross-attention)" : "the encoder's output [N·S, d]") + ", got "
                    + (memory == null ? "null" : java.util.Arrays.toString(memory.shape())));
        }
        INDArray h = plus(residual, x, drop1.forward(selfAttention.forward(norm1.forward(x), batch, null, true)));
        if (crossAttention != null) {
            h.addi(drop2.forward(crossAttention.forward(norm2.forward(h), memory, batch, memoryMask)));
        }
        return h.addi(drop3.forward(ffn.forward(norm3.forward(h))));
    }

    public INDArray backward(INDArray dOut) {
        INDArray dh = plus(residualGrad, dOut, norm3.backward(ffn.backward(drop3.backward(dOut))));
        if (crossAttention != null) {
            dh.addi(norm2.backward(crossAttention.backward(drop2.backward(dh))));
        }
        return dh.addi(norm1.backward(selfAttention.backward(drop1.backward(dh))));
    }

    /** ∂L/∂memory from the last backward (cross-attention only). */
    public INDArray memoryGradient() {
        if (crossAttention == null) {
            throw new IllegalStateException("memoryGradient: this block has no cross-attention");
        }
        return crossAttention.memoryGradient();
    }

    public void setTraining(boolean training) {
        drop1.setTraining(training);
        if (drop2 != null) {
            drop2.setTraining(training);
        }
        drop3.setTraining(training);
    }

    public MultiHeadAttention selfAttention() {
        return selfAttention;
    }

    /** The cross-attention layer, or null. */
    public MultiHeadAttention crossAttention() {
        return crossAttention;
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
