package jdl.gan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import jdl.nn.Init;
import jdl.nn.Layer;
import jdl.nn.Linear;
import jdl.nn.ModelFile;
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

    /**
     * Starts G at the data's mean: sets the output layer's bias to f⁻¹(mean), the inverse of G's output f (the logit
     * for a sigmoid, atanh for tanh, the mean itself for identity), with the mean clipped to [0.01, 0.99] (or
     * [−0.99, 0.99]) so that the bias stays finite. The weights stay random, so samples still vary around the mean;
     * for images G then draws the average silhouette from the first round instead of grey noise.
     */
    public void startFromMean(INDArray mean) {
        INDArray b = params.get("G.out.b").value();
        if (mean.length() != b.length()) {
            throw new IllegalArgumentException("mean: expected " + b.length() + " values (one per output), got "
                    + mean.length());
        }
        INDArray m = mean.castTo(b.dataType()).reshape(b.shape());
        INDArray bias = switch (config.output()) {
            case SIGMOID -> {
                INDArray p = Transforms.min(Transforms.max(m, 0.01), 0.99);
                yield Transforms.log(p.div(p.rsub(1.0)), false);                 // logit(p) = log(p / (1 − p))
            }
            case TANH -> Transforms.atanh(Transforms.min(Transforms.max(m, -0.99), 0.99), false);
            case IDENTITY -> m;
        };
        b.assign(bias);
    }

    /** n fresh samples. */
    public INDArray sample(int n, Rng rng, int[] classes) {
        return forward(noise(n, rng), classes);
    }

    public Params params() {
        return params;
    }

    /** Saves G's configuration and weights ({@link jdl.nn.ModelFile}), e.g. as a checkpoint to ship in data/. */
    public void save(Path file) {
        ModelFile.save(file, config, params);
    }

    /** A generator rebuilt from a file written by {@link #save}: its configuration, then its weights (float). */
    public static Generator load(Path file) {
        GanConfig config = ModelFile.readConfig(file, GanConfig.class);
        Generator g = new Generator(config, new Params(DataType.FLOAT), new Rng(config.seed()));
        ModelFile.loadInto(file, g.params());
        return g;
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
