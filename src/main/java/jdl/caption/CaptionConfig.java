package jdl.caption;

import jdl.nn.Configs;

/**
 * How a {@link Captioner} is built and trained.
 *
 * @param context       ATTENTION: a fresh context z_t = Σ_i α_ti a_i at every word; MEAN: the baseline, z_t = mean_i a_i
 * @param order         SHOW_ATTEND_TELL: z_t from h_{t−1}, an input of the LSTM and the output (Xu et al. 2015);
 *                      ATTEND_AFTER: z_t from h_t, an input of the output layer only (Luong et al. 2015, no input feeding)
 * @param embedding     word embedding size
 * @param features      region feature size D (the encoder's output per region)
 * @param hidden        LSTM state size
 * @param attentionSize hidden size of the additive score (ignored by MEAN)
 * @param batchSize     scenes per training step
 * @param learningRate  Adam's learning rate
 * @param clipNorm      global gradient-norm clip
 * @param seed          initialisation seed (the training batches use seed + 1)
 */
public record CaptionConfig(Context context, Order order, int embedding, int features, int hidden, int attentionSize, int batchSize,
                            double learningRate, double clipNorm, long seed) {

    /** Where the decoder's context vector comes from. */
    public enum Context { ATTENTION, MEAN }

    /** When the decoder attends, and where the context goes. */
    public enum Order { SHOW_ATTEND_TELL, ATTEND_AFTER }

    public CaptionConfig {
        if (context == null) {
            throw new IllegalArgumentException("context: expected ATTENTION or MEAN, got null");
        }
        if (order == null) {
            throw new IllegalArgumentException("order: expected SHOW_ATTEND_TELL or ATTEND_AFTER, got null");
        }
        positive("embedding", embedding);
        positive("features", features);
        positive("hidden", hidden);
        positive("attentionSize", attentionSize);
        positive("batchSize", batchSize);
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate: expected a positive number, got " + learningRate);
        }
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("clipNorm: expected a positive number, got " + clipNorm);
        }
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + ": expected at least 1, got " + value);
        }
    }

    public CaptionConfig withContext(Context c) {
        return new CaptionConfig(c, order, embedding, features, hidden, attentionSize, batchSize, learningRate, clipNorm, seed);
    }

    public CaptionConfig withOrder(Order o) {
        return new CaptionConfig(context, o, embedding, features, hidden, attentionSize, batchSize, learningRate, clipNorm, seed);
    }

    // ---- named construction: start from the preset, change fields by name (each returns a validated copy) ----

    /**
     * The preset of the captioning chapter for region features of {@code features} numbers: attention in the order of
     * Show, Attend and Tell, word embeddings of 16, an LSTM of 64, attention width 32, batch 64, Adam 10⁻², gradient
     * norm clipped at 5, seed 7.
     */
    public static CaptionConfig defaults(int features) {
        return new CaptionConfig(Context.ATTENTION, Order.SHOW_ATTEND_TELL, 16, features, 64, 32, 64, 1e-2, 5.0, 7);
    }

    public CaptionConfig context(Context value) {
        return Configs.with(this, "context", value);
    }

    public CaptionConfig order(Order value) {
        return Configs.with(this, "order", value);
    }

    public CaptionConfig embedding(int value) {
        return Configs.with(this, "embedding", value);
    }

    public CaptionConfig features(int value) {
        return Configs.with(this, "features", value);
    }

    public CaptionConfig hidden(int value) {
        return Configs.with(this, "hidden", value);
    }

    public CaptionConfig attentionSize(int value) {
        return Configs.with(this, "attentionSize", value);
    }

    public CaptionConfig batchSize(int value) {
        return Configs.with(this, "batchSize", value);
    }

    public CaptionConfig learningRate(double value) {
        return Configs.with(this, "learningRate", value);
    }

    public CaptionConfig clipNorm(double value) {
        return Configs.with(this, "clipNorm", value);
    }

    public CaptionConfig seed(long value) {
        return Configs.with(this, "seed", value);
    }
}
