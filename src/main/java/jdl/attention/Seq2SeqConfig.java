package jdl.attention;

import jdl.nn.Configs;

/**
 * The shape and training settings of an encoder–decoder.
 *
 * @param context       how the decoder sees the source: FIXED (one vector, the encoder's final state, at every
 *                      step), ADDITIVE (Bahdanau attention) or DOT (scaled dot-product attention)
 * @param cell          GRU or LSTM, for encoder and decoder
 * @param embedding     embedding size of source and target tokens
 * @param hidden        hidden units of encoder and decoder (the same, so the encoder's final state starts
 *                      the decoder)
 * @param attentionSize A, the hidden size of the additive score (ignored by FIXED and DOT)
 * @param batchSize     sequences per training step
 * @param learningRate  Adam's learning rate
 * @param clipNorm      global gradient-norm clip
 * @param seed          seed for the weights and the training batches
 */
public record Seq2SeqConfig(Context context, Cell cell, int embedding, int hidden, int attentionSize, int batchSize,
                            double learningRate, double clipNorm, long seed) {

    public enum Context { FIXED, ADDITIVE, DOT }

    public enum Cell { GRU, LSTM }

    public Seq2SeqConfig {
        if (context == null) {
            throw new IllegalArgumentException("context: expected FIXED, ADDITIVE or DOT, got null");
        }
        if (cell == null) {
            throw new IllegalArgumentException("cell: expected GRU or LSTM, got null");
        }
        if (embedding < 1) {
            throw new IllegalArgumentException("embedding: expected at least 1, got " + embedding);
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden: expected at least 1, got " + hidden);
        }
        if (attentionSize < 1) {
            throw new IllegalArgumentException("attentionSize: expected at least 1, got " + attentionSize);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: expected at least 1, got " + batchSize);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learningRate: expected a value in (0, 1), got " + learningRate);
        }
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("clipNorm: expected a positive norm, got " + clipNorm);
        }
    }

    /** The same settings with another context (the fair comparison: same sizes, budget and seed). */
    public Seq2SeqConfig withContext(Context other) {
        return new Seq2SeqConfig(other, cell, embedding, hidden, attentionSize, batchSize, learningRate, clipNorm, seed);
    }

    // ---- named construction: start from the preset, change fields by name (each returns a validated copy) ----

    /**
     * The preset of the number translation: a GRU encoder–decoder with additive attention, embeddings of 32, states of
     * 64, attention width 32, batch 64, Adam 10⁻², gradient norm clipped at 5, seed 7.
     */
    public static Seq2SeqConfig defaults() {
        return new Seq2SeqConfig(Context.ADDITIVE, Cell.GRU, 32, 64, 32, 64, 1e-2, 5.0, 7);
    }

    public Seq2SeqConfig context(Context value) {
        return Configs.with(this, "context", value);
    }

    public Seq2SeqConfig cell(Cell value) {
        return Configs.with(this, "cell", value);
    }

    public Seq2SeqConfig embedding(int value) {
        return Configs.with(this, "embedding", value);
    }

    public Seq2SeqConfig hidden(int value) {
        return Configs.with(this, "hidden", value);
    }

    public Seq2SeqConfig attentionSize(int value) {
        return Configs.with(this, "attentionSize", value);
    }

    public Seq2SeqConfig batchSize(int value) {
        return Configs.with(this, "batchSize", value);
    }

    public Seq2SeqConfig learningRate(double value) {
        return Configs.with(this, "learningRate", value);
    }

    public Seq2SeqConfig clipNorm(double value) {
        return Configs.with(this, "clipNorm", value);
    }

    public Seq2SeqConfig seed(long value) {
        return Configs.with(this, "seed", value);
    }
}
