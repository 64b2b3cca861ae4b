package jdl.rnn;

/**
 * A character-level language model's shape and training settings.
 *
 * @param hidden       hidden units of the RNN
 * @param seqLength    characters per training window (BPTT is truncated there)
 * @param batchSize    windows per step
 * @param learningRate Adam's learning rate
 * @param clipNorm     global gradient-norm clip
 * @param seed         seed for weights and windows
 */
public record CharRnnConfig(int hidden, int seqLength, int batchSize, double learningRate, double clipNorm, long seed) {
    public CharRnnConfig {
        if (hidden < 1 || seqLength < 2 || batchSize < 1) {
            throw new IllegalArgumentException("hidden, seqLength, batchSize: expected ≥ 1, ≥ 2, ≥ 1, got "
                    + hidden + ", " + seqLength + ", " + batchSize);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learningRate: expected a value in (0, 1), got " + learningRate);
        }
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("clipNorm: expected a positive norm, got " + clipNorm);
        }
    }
}
