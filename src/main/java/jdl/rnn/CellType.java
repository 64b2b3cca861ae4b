package jdl.rnn;

import jdl.nn.Params;
import jdl.nn.Rng;

/**
 * The three recurrent cells of the course, for code that compares them: {@code type.create(...)} builds
 * one and {@link #parameters} counts its weights. Per layer with input size D and hidden size H:
 * RNN H·(D + H + 1), GRU 3·H·(D + H + 1), LSTM 4·H·(D + H + 1); so a GRU has 3/4 of an LSTM's parameters.
 */
public enum CellType {
    RNN(1), LSTM(4), GRU(3);

    private final int blocks;

    CellType(int blocks) {
        this.blocks = blocks;
    }

    /** A new cell of this type with its parameters in {@code store} under {@code name}. */
    public RecurrentCell<? extends RecurrentCell.Step> create(Params store, String name, int input, int hidden, Rng rng) {
        return switch (this) {
            case RNN -> new RnnCell(store, name, input, hidden, rng);
            case LSTM -> new LstmCell(store, name, input, hidden, rng);
            case GRU -> new GruCell(store, name, input, hidden, rng);
        };
    }

    /** How many weights and biases one cell of this type has: blocks · H · (D + H + 1). */
    public long parameters(int input, int hidden) {
        return (long) blocks * hidden * (input + hidden + 1);
    }

    /** "RNN", "LSTM", "GRU". */
    public String label() {
        return name();
    }
}
