package jdl.caption;

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
}
