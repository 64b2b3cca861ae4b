package jdl.caption;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

import jdl.data.ImageSet;
import jdl.nn.Activation;
import jdl.nn.Batches;
import jdl.nn.History;
import jdl.nn.Metrics;
import jdl.nn.Mlp;
import jdl.nn.MlpConfig;
import jdl.nn.Optimizer;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.SoftmaxCrossEntropy;
import jdl.nn.Trainer;
import jdl.tasks.Scenes;

/**
 * A region encoder pre-trained on single Fashion-MNIST items, as CS231n's captioning assignment uses precomputed
 * CNN features: an MLP 784 → D (ReLU) → 10 classes trained to classify items; its first layer, x W + b then ReLU,
 * becomes the captioner's frozen feature extractor ({@link Captioner#freezeEncoder}).
 */
public final class ItemFeatures {

    private final Params params;
    private final Mlp mlp;
    private final int features;
    private final History history;

    private ItemFeatures(Params params, Mlp mlp, int features, History history) {
        this.params = params;
        this.mlp = mlp;
        this.features = features;
        this.history = history;
    }

    /** Trains the MLP with Adam (learning rate 1e-3) on {@code steps} batches of {@code batchSize} items. */
    public static ItemFeatures pretrain(ImageSet items, int features, int steps, int batchSize, long seed) {
        if (items == null || items.height() * items.width() != Scenes.REGION_PIXELS) {
            throw new IllegalArgumentException("items: expected 28x28 images, got "
                    + (items == null ? "null" : items.height() + "x" + items.width()));
        }
        Params p = new Params(DataType.FLOAT);
        Rng rng = new Rng(seed);
        Mlp mlp = new Mlp(p, "items", new MlpConfig(Scenes.REGION_PIXELS, List.of(features), 10, Activation.RELU), rng.split());
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Batches batches = new Batches(items.size(), batchSize, rng.split());
        INDArray x = items.images().castTo(DataType.FLOAT);
        History h = new Trainer(new Optimizer(p, new Adam(1e-3))).quiet().fit("item features", steps, s -> {
            int[] rows = batches.next();
            double l = loss.forward(mlp.forward(Batches.rows(x, rows)), Batches.take(items.labels(), rows));
            mlp.backward(loss.backward());
            return l;
        });
        return new ItemFeatures(p, mlp, features, h);
    }

    /** Classification accuracy of the pre-trained MLP on single items. */
    public double accuracy(ImageSet items) {
        return Metrics.accuracy(mlp.forward(items.images().castTo(DataType.FLOAT)), items.labels());
    }

    /** W [784, D] of the first layer. */
    public INDArray weight() {
        return params.get("items.fc1.W").value();
    }

    /** b [1, D] of the first layer. */
    public INDArray bias() {
        return params.get("items.fc1.b").value();
    }

    public int features() {
        return features;
    }

    public History history() {
        return history;
    }
}
