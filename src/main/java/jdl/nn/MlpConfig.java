package jdl.nn;

import java.util.List;

/**
 * A multi-layer perceptron's shape: {@code input → hidden[0] → … → output}, with {@code activation}
 * after every hidden layer (none after the output: the loss takes logits) and dropout with rate
 * {@code dropout} after each hidden activation.
 */
public record MlpConfig(int input, List<Integer> hidden, int output, Activation activation, double dropout) {

    public MlpConfig {
        if (input < 1) {
            throw new IllegalArgumentException("input: expected at least 1, got " + input);
        }
        if (hidden == null) {
            throw new IllegalArgumentException("hidden: expected a list of layer sizes (possibly empty), got null");
        }
        for (int i = 0; i < hidden.size(); i++) {
            if (hidden.get(i) == null || hidden.get(i) < 1) {
                throw new IllegalArgumentException("hidden[" + i + "]: expected at least 1, got " + hidden.get(i));
            }
        }
        hidden = List.copyOf(hidden);
        if (output < 1) {
            throw new IllegalArgumentException("output: expected at least 1, got " + output);
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation: expected one of " + List.of(Activation.values()) + ", got null");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout: expected a rate in [0, 1), got " + dropout);
        }
    }

    public MlpConfig(int input, List<Integer> hidden, int output, Activation activation) {
        this(input, hidden, output, activation, 0.0);
    }

    // ---- named construction: start from the preset, change fields by name (each returns a validated copy) ----

    /** The preset for Fashion-MNIST: 784 inputs, no hidden layer, 10 outputs, ReLU, no dropout. */
    public static MlpConfig defaults() {
        return new MlpConfig(784, List.of(), 10, Activation.RELU, 0.0);
    }

    public MlpConfig input(int value) {
        return Configs.with(this, "input", value);
    }

    public MlpConfig hidden(int... values) {
        return Configs.with(this, "hidden", java.util.Arrays.stream(values).boxed().toList());
    }

    public MlpConfig output(int value) {
        return Configs.with(this, "output", value);
    }

    public MlpConfig activation(Activation value) {
        return Configs.with(this, "activation", value);
    }

    public MlpConfig dropout(double value) {
        return Configs.with(this, "dropout", value);
    }
}
