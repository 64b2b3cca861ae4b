package jdl.gan;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.Init;
import jdl.nn.Layer;
import jdl.nn.Linear;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.Sequential;
import jdl.nn.Sigmoid;
import jdl.nn.Tanh;

/**
 * G: an MLP from noise z (and, if conditional, a one-hot class y) to a sample G(z) = f(…relu(z W₁ + b₁)…).
 * Its parameters live in their own store, so that G has its own optimiser.
 */
public final class Generator {

    private final GanConfig config;
    private final Params params;
    private final Sequential net;

    public Generator(GanConfig config, Params params, Rng rng) {
        this.config = config;
        this.params = params;
        List<Layer> layers = new ArrayList<>();
        int in = config.noiseDim() + config.classes();
        for (int i = 0; i < config.generatorHidden().size(); i++) {
            int out = config.generatorHidden().get(i);
            layers.add(new Linear(params, "G.fc" + (i + 1), in, out, config.generatorActivation().defaultInit(), rng));
            layers.add(config.generatorActivation().layer());
            in = out;
        }
        layers.add(new Linear(params, "G.out", in, config.dataDim(), Init.XAVIER_UNIFORM, rng));
        switch (config.output()) {
            case SIGMOID -> layers.add(new Sigmoid());
            case TANH -> layers.add(new Tanh());
            case IDENTITY -> { }
        }
        this.net = new Sequential(layers);
    }

    /** z ~ N(0, I), [n, noiseDim]. */
    public INDArray noise(int n, Rng rng) {
        return rng.normal(params.dataType(), 1.0, n, config.noiseDim());
    }

    /** G(z) (with classes, for a conditional GAN; else pass null). Keeps the cache for {@link #backward}. */
    public INDArray forward(INDArray z, int[] classes) {
        return net.forward(GanInputs.withClasses(z, classes, config.classes()));
    }

    /** Backpropagates ∂L/∂G(z) into G's parameter gradients. */
    public void backward(INDArray dSamples) {
        net.backward(dSamples);
    }

    /** n fresh samples. */
    public INDArray sample(int n, Rng rng, int[] classes) {
        return forward(noise(n, rng), classes);
    }

    public Params params() {
        return params;
    }

    public GanConfig config() {
        return config;
    }

    /** A one-hot matrix for the given classes, in G's data type. */
    public INDArray oneHot(int[] classes) {
        return GanInputs.oneHot(classes, config.classes(), params.dataType());
    }

    static INDArray concat(INDArray a, INDArray b) {
        return Nd4j.hstack(a, b);
    }
}
