package jdl.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * A multi-layer perceptron built from {@link Linear}, an activation and optional {@link Dropout}:
 * h₁ = f(x W₁ + b₁), …, logits = h_L W_out + b_out. Parameters are named {@code name.fc1.W}, … .
 */
public final class Mlp extends Sequential {

    private final MlpConfig config;

    public Mlp(Params store, String name, MlpConfig config, Rng rng) {
        super(build(store, name, config, rng));
        this.config = config;
    }

    private static List<Layer> build(Params store, String name, MlpConfig config, Rng rng) {
        List<Layer> layers = new ArrayList<>();
        int in = config.input();
        Init init = config.activation().defaultInit();
        for (int i = 0; i < config.hidden().size(); i++) {
            int out = config.hidden().get(i);
            layers.add(new Linear(store, name + ".fc" + (i + 1), in, out, init, rng));
            layers.add(config.activation().layer());
            if (config.dropout() > 0) {
                layers.add(new Dropout(config.dropout(), rng.split()));
            }
            in = out;
        }
        layers.add(new Linear(store, name + ".out", in, config.output(), Init.XAVIER_UNIFORM, rng));
        return layers;
    }

    public MlpConfig config() {
        return config;
    }
}
