package jdl.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import jdl.nn.Activation;
import jdl.nn.Mlp;
import jdl.nn.MlpConfig;
import jdl.nn.Optimizer;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.SoftmaxCrossEntropy;

/**
 * One training step of an MLP 784-256-256-10 (ReLU, softmax cross-entropy, Adam 1e-3) on a fixed minibatch
 * of 128 rows, float32: forward, loss, backward, Adam update.
 *
 * <ul>
 * <li>{@link #ours}: {@code p.zeroGrad(); ce.forward(mlp.forward(x), labels); mlp.backward(ce.backward());
 * opt.step()} with {@link Mlp} (three {@code Linear} layers, two {@code Relu}), {@link SoftmaxCrossEntropy}
 * (integer labels) and {@link Optimizer} (ND4J's Adam on the flat parameter array).</li>
 * <li>{@link #dl4j}: {@code MultiLayerNetwork.fit(DataSet)} with DenseLayer(784→256, ReLU),
 * DenseLayer(256→256, ReLU), OutputLayer(256→10, softmax, LossMCXENT), Adam 1e-3, one-hot labels
 * [128, 10]; fit also computes the score.</li>
 * </ul>
 *
 * <p>FLOPs per step, counted analytically from the matrix products only (elementwise ops, bias adds,
 * softmax and the Adam update are ignored): forward 2·m·n·k per layer gemm with m = batch,
 * (k, n) = (784, 256), (256, 256), (256, 10); backward twice that (∂W = xᵀ dy and ∂x = dy Wᵀ, the
 * first layer's ∂x included). Total = 3 · 2 · 128 · (784·256 + 256·256 + 256·10) = 206,438,400.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MlpBench {

    static final int BATCH = 128;
    static final int IN = 784;
    static final int HIDDEN = 256;
    static final int CLASSES = 10;
    static final double LEARNING_RATE = 1e-3;

    /** 3 · Σ_layers 2·batch·in·out. */
    public static final double FLOPS = 3.0 * 2.0 * BATCH * ((double) IN * HIDDEN + HIDDEN * HIDDEN + HIDDEN * CLASSES);

    /** The fixed minibatch both sides train on. */
    static INDArray inputs() {
        return new Rng(42).normal(DataType.FLOAT, 1.0, BATCH, IN);
    }

    static int[] labels() {
        Rng rng = new Rng(43);
        int[] y = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            y[i] = rng.nextInt(CLASSES);
        }
        return y;
    }

    @State(Scope.Thread)
    public static class Ours {
        Params params;
        Mlp mlp;
        SoftmaxCrossEntropy loss;
        Optimizer optimizer;
        INDArray x;
        int[] y;

        @Setup
        public void setup() {
            Threads.report("mlp/ours");
            params = new Params(DataType.FLOAT);
            mlp = new Mlp(params, "mlp", new MlpConfig(IN, List.of(HIDDEN, HIDDEN), CLASSES, Activation.RELU), new Rng(1));
            loss = new SoftmaxCrossEntropy();
            optimizer = new Optimizer(params, new Adam(LEARNING_RATE));
            x = inputs();
            y = labels();
        }

        double step() {
            params.zeroGrad();
            double l = loss.forward(mlp.forward(x), y);
            mlp.backward(loss.backward());
            optimizer.step();
            return l;
        }
    }

    @State(Scope.Thread)
    public static class Dl4j {
        MultiLayerNetwork net;
        DataSet data;

        @Setup
        public void setup() {
            Threads.report("mlp/dl4j");
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                    .seed(1)
                    .dataType(DataType.FLOAT)
                    .updater(new Adam(LEARNING_RATE))
                    .weightInit(WeightInit.RELU)
                    .list()
                    .layer(new DenseLayer.Builder().nIn(IN).nOut(HIDDEN)
                            .activation(org.nd4j.linalg.activations.Activation.RELU).build())
                    .layer(new DenseLayer.Builder().nIn(HIDDEN).nOut(HIDDEN)
                            .activation(org.nd4j.linalg.activations.Activation.RELU).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(CLASSES)
                            .weightInit(WeightInit.XAVIER)
                            .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                    .build();
            net = new MultiLayerNetwork(conf);
            net.init();
            INDArray oneHot = Nd4j.zeros(DataType.FLOAT, BATCH, CLASSES);
            int[] y = labels();
            for (int i = 0; i < BATCH; i++) {
                oneHot.putScalar(i, y[i], 1.0);
            }
            data = new DataSet(inputs(), oneHot);
        }

        double step() {
            net.fit(data);
            return net.score();
        }
    }

    @Benchmark
    public double ours(Ours s) {
        return s.step();
    }

    @Benchmark
    public double dl4j(Dl4j s) {
        return s.step();
    }
}
