package jdl.glimpse;

import jdl.rnn.CellType;
import jdl.nn.Configs;

/**
 * The recurrent attention model's hyper-parameters (names as in Mnih et al. 2014).
 *
 * @param side          canvas side in pixels (60 in the paper's translated and cluttered tasks)
 * @param glimpses      glimpses per image, T (the first at the canvas centre, the others chosen by the policy)
 * @param patch         side of each glimpse patch after scaling (the paper: 12 for 60×60)
 * @param scales        patches per glimpse, each twice as wide as the one before (the paper: 3)
 * @param glimpseHidden width of h_g = ReLU(Linear(ρ)) and h_l = ReLU(Linear(l)) (the paper: 128)
 * @param glimpseSize   width of the glimpse vector g = ReLU(Linear(h_g) + Linear(h_l)) (the paper: 256)
 * @param hidden        the core network's state h_t
 * @param cell          the core's recurrent cell (RNN as in the paper's classification experiments, or LSTM/GRU)
 * @param std           the location policy's fixed standard deviation σ, in units of the half canvas
 * @param policyScale   κ in the location network's μ = tanh(κ (h W + b)): Adam moves every weight by about the
 *                      learning rate per step however small and noisy its gradient, so κ &lt; 1 slows the policy down
 *                      (its effective learning rate is κ times the others'); 1 is the paper's network
 * @param learningRate  Adam's learning rate
 * @param batchSize     images per update
 * @param seed          initial weights, batches and sampled locations
 */
public record RamConfig(int side, int glimpses, int patch, int scales, int glimpseHidden, int glimpseSize, int hidden,
                        CellType cell, double std, double policyScale, double learningRate, int batchSize,
                        long seed) {

    public RamConfig {
        positive("side", side);
        positive("glimpses", glimpses);
        positive("patch", patch);
        if (scales < 1 || scales > 6) {
            throw new IllegalArgumentException("scales: expected 1..6, got " + scales);
        }
        if (patch > side) {
            throw new IllegalArgumentException("patch: expected at most the canvas side " + side + ", got " + patch);
        }
        positive("glimpseHidden", glimpseHidden);
        positive("glimpseSize", glimpseSize);
        positive("hidden", hidden);
        if (cell == null) {
            throw new IllegalArgumentException("cell: expected RNN, LSTM or GRU, got null");
        }
        if (!(std > 0 && std <= 1)) {
            throw new IllegalArgumentException("std: expected a standard deviation in (0, 1], got " + std);
        }
        if (!(policyScale > 0 && policyScale <= 1)) {
            throw new IllegalArgumentException("policyScale: expected a scale in (0, 1], got " + policyScale);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learningRate: expected a value in (0, 1), got " + learningRate);
        }
        positive("batchSize", batchSize);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": expected at least 1, got " + value);
        }
    }

    /** The same configuration with another number of glimpses. */
    public RamConfig withGlimpses(int t) {
        return new RamConfig(side, t, patch, scales, glimpseHidden, glimpseSize, hidden, cell, std, policyScale,
                learningRate, batchSize, seed);
    }

    /** The same configuration with another seed. */
    public RamConfig withSeed(long s) {
        return new RamConfig(side, glimpses, patch, scales, glimpseHidden, glimpseSize, hidden, cell, std, policyScale,
                learningRate, batchSize, s);
    }

    // ---- named construction: start from the preset, change fields by name (each returns a validated copy) ----

    /**
     * The preset of the 60×60 tasks: 6 glimpses of 3 scales (16, 32 and 64 pixels, each read as 16×16), glimpse network
     * 64 and 128 wide, an RNN core of 128, σ = 0.15, κ = 0.1, Adam 3·10⁻³, batch 64, seed 7.
     */
    public static RamConfig defaults() {
        return new RamConfig(60, 6, 16, 3, 64, 128, 128, CellType.RNN, 0.15, 0.1, 3e-3, 64, 7);
    }

    public RamConfig side(int value) {
        return Configs.with(this, "side", value);
    }

    public RamConfig glimpses(int value) {
        return Configs.with(this, "glimpses", value);
    }

    public RamConfig patch(int value) {
        return Configs.with(this, "patch", value);
    }

    public RamConfig scales(int value) {
        return Configs.with(this, "scales", value);
    }

    public RamConfig glimpseHidden(int value) {
        return Configs.with(this, "glimpseHidden", value);
    }

    public RamConfig glimpseSize(int value) {
        return Configs.with(this, "glimpseSize", value);
    }

    public RamConfig hidden(int value) {
        return Configs.with(this, "hidden", value);
    }

    public RamConfig cell(CellType value) {
        return Configs.with(this, "cell", value);
    }

    public RamConfig std(double value) {
        return Configs.with(this, "std", value);
    }

    public RamConfig policyScale(double value) {
        return Configs.with(this, "policyScale", value);
    }

    public RamConfig learningRate(double value) {
        return Configs.with(this, "learningRate", value);
    }

    public RamConfig batchSize(int value) {
        return Configs.with(this, "batchSize", value);
    }

    public RamConfig seed(long value) {
        return Configs.with(this, "seed", value);
    }
}
