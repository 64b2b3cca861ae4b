package jdl.gan;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import jdl.nn.Init;
import jdl.nn.Layer;
import jdl.nn.LeakyRelu;
import jdl.nn.Linear;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.Sequential;

/**
 * D: an MLP with LeakyReLU (α = 0.2) from a sample x (and, if conditional, its one-hot class) to one
 * logit; D(x) = σ(logit) is the probability that x is real. With PacGAN packing m &gt; 1, D sees m samples
 * side by side (consecutive rows) and outputs one logit per pack. An auxiliary-classifier D (AC-GAN,
 * {@link GanConfig#auxiliaryClassifier()}) sees only x and outputs 1 + K columns: the real/fake logit, then K class
 * logits from the same hidden features.
 */
public final class Discriminator {

    private final GanConfig config;
    private final Params params;
    private final Sequential net;
    private final int width;   // columns of one sample as D sees it: data (+ classes)

    public Discriminator(GanConfig config, Params params, Rng rng) {
        this.config = config;
        this.params = params;
        this.width = config.dataDim() + (config.auxiliaryClassifier() ? 0 : config.classes());
        List<Layer> layers = new ArrayList<>();
        int in = width * config.pack();
        for (int i = 0; i < config.discriminatorHidden().size(); i++) {
            int out = config.discriminatorHidden().get(i);
            layers.add(new Linear(params, "D.fc" + (i + 1), in, out, Init.HE_NORMAL, rng));
            layers.add(new LeakyRelu(0.2));
            in = out;
        }
        int outputs = config.auxiliaryClassifier() ? 1 + config.classes() : 1;
        layers.add(new Linear(params, "D.out", in, outputs, Init.XAVIER_UNIFORM, rng));
        this.net = new Sequential(layers);
    }

    /**
     * Logits [n / pack, 1] for samples x [n, dataDim] (n a multiple of pack); for an auxiliary-classifier D,
     * [n, 1 + K]: the real/fake logit, then the class logits ({@code classes} is not an input then).
     */
    public INDArray forward(INDArray x, int[] classes) {
        if (x.rank() != 2 || x.columns() != config.dataDim()) {
            throw new IllegalArgumentException("x: expected shape [n, " + config.dataDim() + "], got "
                    + java.util.Arrays.toString(x.shape()));
        }
        if (x.rows() % config.pack() != 0) {
            throw new IllegalArgumentException("x: expected a number of rows divisible by pack = " + config.pack()
                    + ", got " + x.rows());
        }
        INDArray in = config.auxiliaryClassifier() ? x : GanInputs.withClasses(x, classes, config.classes());
        INDArray packed = config.pack() == 1 ? in      // m consecutive rows side by side: one row of m·width
                : in.dup('c').reshape('c', x.rows() / config.pack(), (long) width * config.pack());
        return net.forward(packed);
    }

    /** Backpropagates ∂L/∂logits; returns ∂L/∂x [n, dataDim] (the class columns are inputs, not learned). */
    public INDArray backward(INDArray dLogits) {
        INDArray dPacked = net.backward(dLogits);
        if (config.pack() == 1 && width == config.dataDim()) {
            return dPacked;
        }
        INDArray dIn = dPacked.reshape('c', dPacked.rows() * config.pack(), width);
        return dIn.get(NDArrayIndex.all(), NDArrayIndex.interval(0, config.dataDim())).dup();
    }

    /** D(x) = σ(logit) for every pack, without keeping anything for backward. */
    public double[] probability(INDArray x, int[] classes) {
        INDArray logits = forward(x, classes);
        if (config.auxiliaryClassifier()) {
            logits = logits.getColumns(0);
        }
        return Transforms.sigmoid(logits, true).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .dup('c').data().asDouble();
    }

    /**
     * D(x) at each point of a 1-D grid, e.g. to plot the curve D(x) of a GAN on 1-D data (unconditional,
     * dataDim 1, no packing).
     */
    public double[] probability1d(double[] xs) {
        if (config.dataDim() != 1 || config.classes() != 0 || config.pack() != 1) {
            throw new IllegalStateException("probability1d: needs an unconditional D on 1-D data without packing, but"
                    + " dataDim = " + config.dataDim() + ", classes = " + config.classes() + ", pack = " + config.pack());
        }
        if (xs.length == 0) {
            throw new IllegalArgumentException("xs: expected at least one point, got an empty array");
        }
        INDArray x = org.nd4j.linalg.factory.Nd4j.create(xs, new long[] {xs.length, 1},
                org.nd4j.linalg.api.buffer.DataType.DOUBLE).castTo(params.dataType());
        return probability(x, null);
    }

    public Params params() {
        return params;
    }
}
