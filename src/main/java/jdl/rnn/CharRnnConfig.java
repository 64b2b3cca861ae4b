package jdl.rnn;

import jdl.nn.Configs;

/**
 * A character-level language model's shape and training settings.
 *
 * @param hidden       hidden units of the RNN
 * @param seqLength    characters per training window (BPTT is truncated there)
 * @param batchSize    windows per step
 * @param learningRate Adam's learning rate
 * @param clipNorm     global gradient-norm clip
 * @param seed         seed for weights and windows
 * @param cell         the recurrent cell: RNN, LSTM or GRU
 */
public record CharRnnConfig(int hidden, int seqLength, int batchSize, double learningRate, double clipNorm, long seed,
                            CellType cell) {

    /** A vanilla-RNN language model. */
    public CharRnnConfig(int hidden, int seqLength, int batchSize, double learningRate, double clipNorm, long seed) {
        this(hidden, seqLength, batchSize, learningRate, clipNorm, seed, CellType.RNN);
    }

    /** The same settings with another cell. */
    public CharRnnConfig withCell(CellType type) {
        return new CharRnnConfig(hidden, seqLength, batchSize, learningRate, clipNorm, seed, type);
    }

    public CharRnnConfig {
        if (cell == null) {
            throw new IllegalArgumentException("cell: expected RNN, LSTM or GRU, got null");
        }
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

    // ---- named construction: start from the preset, change fields by name (each returns a validated copy) ----

    /**
     * The preset: a vanilla RNN of 128 units on windows of 32 characters, batches of 32, Adam 3·10⁻³, gradient norm
     * clipped at 5, seed 7.
     */
    public static CharRnnConfig defaults() {
        return new CharRnnConfig(128, 32, 32, 3e-3, 5.0, 7, CellType.RNN);
    }

    public CharRnnConfig hidden(int value) {
        return Configs.with(this, "hidden", value);
    }

    public CharRnnConfig seqLength(int value) {
        return Configs.with(this, "seqLength", value);
    }

    public CharRnnConfig batchSize(int value) {
        return Configs.with(this, "batchSize", value);
    }

    public CharRnnConfig learningRate(double value) {
        return Configs.with(this, "learningRate", value);
    }

    public CharRnnConfig clipNorm(double value) {
        return Configs.with(this, "clipNorm", value);
    }

    public CharRnnConfig seed(long value) {
        return Configs.with(this, "seed", value);
    }

    public CharRnnConfig cell(CellType value) {
        return Configs.with(this, "cell", value);
    }
}
