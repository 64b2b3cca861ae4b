package jdl.transformer;

import jdl.nn.Configs;

/**
 * The hyper-parameters of a Transformer (Vaswani et al. 2017), validated on construction.
 *
 * @param d         model width d_model (the size of every token vector), divisible by {@code heads}
 * @param heads     attention heads; each works in d_k = d / heads dimensions
 * @param layers    blocks in the encoder and in the decoder (each)
 * @param ffn       inner width of the position-wise feed-forward network (4d in the paper)
 * @param maxLength longest sequence the positional table covers
 * @param positions sinusoidal, learned or no positional information
 * @param dropout   dropout rate on the embeddings and before every residual addition (0 for small tasks)
 * @param seed      seed of the initial weights and the dropout masks
 */
public record TransformerConfig(int d, int heads, int layers, int ffn, int maxLength, Positions positions,
                                double dropout, long seed) {

    public TransformerConfig {
        if (d < 1) {
            throw new IllegalArgumentException("d: expected a model width of at least 1, got " + d);
        }
        if (heads < 1 || d % heads != 0) {
            throw new IllegalArgumentException("heads: expected at least 1 head dividing d = " + d + ", got " + heads);
        }
        if (layers < 1) {
            throw new IllegalArgumentException("layers: expected at least 1 block, got " + layers);
        }
        if (ffn < 1) {
            throw new IllegalArgumentException("ffn: expected a feed-forward width of at least 1, got " + ffn);
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength: expected at least 1 position, got " + maxLength);
        }
        if (positions == null) {
            throw new IllegalArgumentException("positions: expected SINUSOIDAL, LEARNED or NONE, got null");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout: expected a rate in [0, 1), got " + dropout);
        }
    }

    /** The paper's proportions for a small model: ffn = 4d, no dropout, sinusoidal positions. */
    public static TransformerConfig small(int d, int heads, int layers, int maxLength, long seed) {
        return new TransformerConfig(d, heads, layers, 4 * d, maxLength, Positions.SINUSOIDAL, 0.0, seed);
    }

    /** d_k = d / heads, the width of one head's queries, keys and values. */
    public int headSize() {
        return d / heads;
    }

    public TransformerConfig withPositions(Positions other) {
        return new TransformerConfig(d, heads, layers, ffn, maxLength, other, dropout, seed);
    }

    public TransformerConfig withSeed(long other) {
        return new TransformerConfig(d, heads, layers, ffn, maxLength, positions, dropout, other);
    }

    public TransformerConfig withDropout(double other) {
        return new TransformerConfig(d, heads, layers, ffn, maxLength, positions, other, seed);
    }

    // ---- named construction: start from the preset, change fields by name (each returns a validated copy) ----

    /**
     * The preset: d = 64, 4 heads, 2 blocks, a feed-forward layer of 4d, sequences of at most 16, sinusoidal
     * positions, no dropout, seed 7.
     */
    public static TransformerConfig defaults() {
        return new TransformerConfig(64, 4, 2, 256, 16, Positions.SINUSOIDAL, 0.0, 7);
    }

    public TransformerConfig d(int value) {
        return Configs.with(this, "d", value);
    }

    public TransformerConfig heads(int value) {
        return Configs.with(this, "heads", value);
    }

    public TransformerConfig layers(int value) {
        return Configs.with(this, "layers", value);
    }

    public TransformerConfig ffn(int value) {
        return Configs.with(this, "ffn", value);
    }

    public TransformerConfig maxLength(int value) {
        return Configs.with(this, "maxLength", value);
    }

    public TransformerConfig positions(Positions value) {
        return Configs.with(this, "positions", value);
    }

    public TransformerConfig dropout(double value) {
        return Configs.with(this, "dropout", value);
    }

    public TransformerConfig seed(long value) {
        return Configs.with(this, "seed", value);
    }
}
