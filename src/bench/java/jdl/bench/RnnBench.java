package jdl.bench;

import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import jdl.nn.Optimizer;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.rnn.RecurrentLayer;
import jdl.rnn.RnnCell;

/**
 * One training step of a vanilla (tanh) RNN sequence layer, float32, batch N = 32, input D = 64,
 * hidden H = 128, T = 50 steps, full BPTT, Adam 1e-3. The loss is L = Σ h ⊙ R for a fixed random
 * tensor R, so ∂L/∂h = R.
 *
 * <ul>
 * <li>{@link #ours}: {@code p.zeroGrad(); h = layer.forward(x); L = Σ h ⊙ R; layer.backward(R, null);
 * opt.step()} with {@link RecurrentLayer} over an {@link RnnCell}, time-major x [T, N, D]. The layer
 * does the input projection of all steps as one [T·N, D]×[D, H] gemm, then per step one [N, H]×[H, H]
 * gemm and a tanh; backward per step two gemms (∂W_h, ∂h_{t−1}), then one gemm each for ∂W_x and ∂x.</li>
 * <li>{@link #dl4jFit}: DL4J as a user would train it: {@code MultiLayerNetwork.fit(DataSet)} with
 * {@code SimpleRnn}(64→128, tanh) followed by {@code RnnOutputLayer}(128→1, identity, LossMSE), input
 * [N, D, T] (DL4J's default NCW layout, the same numbers as ours), labels [N, 1, T]. Differences from
 * ours: the loss gradient reaching the RNN is W_outᵀ·(2/n)(ŷ − y) rather than a fixed R (same shape, so
 * the same RNN work), plus the output layer itself (two [N·T, 128]×[128, 1]-sized products forward and
 * backward, about 0.5% of the counted FLOPs, plus its reshapes/permutes) and the score.</li>
 * <li>{@link #dl4jLayer}: the closest equivalent of ours inside DL4J: the same {@code SimpleRnn} layer
 * alone (a one-layer MultiLayerNetwork, no workspaces), {@code activate(true)}, L = Σ h ⊙ R,
 * {@code backpropGradient(R)} (R as [N, H, T]), then the network's Adam updater and params −= update, as
 * DL4J's own SGD step does.</li>
 * </ul>
 * DL4J's SimpleRnn (1.0.0-M2.1) multiplies the input per time step (T gemms [N, D]×[D, H] instead of one
 * [T·N, D]×[D, H]) and its backpropGradient recomputes the forward pass before the backward loop, so it
 * executes more FLOPs than counted below; the count is the model's, the same for all three.
 *
 * <p>FLOPs per step, counted analytically from the matrix products only (tanh, bias, loss and Adam
 * ignored): forward 2·T·N·D·H (input projection) + 2·T·N·H·H (recurrence) = 78,643,200; backward twice
 * that (∂W_x, ∂x, ∂W_h, ∂h_{t−1}). Total = 3 · 2 · T · N · H · (D + H) = 235,929,600.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RnnBench {

    static final int T = 50;
    static final int N = 32;
    static final int D = 64;
    static final int H = 128;
    static final double LEARNING_RATE = 1e-3;

    /** 3 · (2·T·N·D·H + 2·T·N·H·H). */
    public static final double FLOPS = 3.0 * 2.0 * T * N * H * (double) (D + H);

    /** Inputs, time-major [T, N, D]. */
    static INDArray inputsTnd() {
        return new Rng(42).normal(DataType.FLOAT, 1.0, T, N, D);
    }

    /** R = ∂L/∂h, time-major [T, N, H]. */
    static INDArray lossWeightsTnh() {
        return new Rng(43).normal(DataType.FLOAT, 1.0, T, N, H);
    }

    /** [T, N, F] → DL4J's [N, F, T], c order. */
    static INDArray toNcw(INDArray tnf) {
        return tnf.permute(1, 2, 0).dup('c');
    }

    @State(Scope.Thread)
    public static class Ours {
        Params params;
        RecurrentLayer<RnnCell.Cache> layer;
        Optimizer optimizer;
        INDArray x;
        INDArray r;

        @Setup
        public void setup() {
            Threads.report("rnn/ours");
            params = new Params(DataType.FLOAT);
            layer = new RecurrentLayer<>(new RnnCell(params, "rnn", D, H, new Rng(1)));
            optimizer = new Optimizer(params, new Adam(LEARNING_RATE));
            x = inputsTnd();
            r = lossWeightsTnh();
        }

        double step() {
            params.zeroGrad();
            INDArray h = layer.forward(x);
            double loss = h.mul(r).sumNumber().doubleValue();
            layer.backward(r, null);
            optimizer.step();
            return loss;
        }
    }

    static NeuralNetConfiguration.ListBuilder dl4jRnn() {
        return new NeuralNetConfiguration.Builder()
                .seed(1)
                .dataType(DataType.FLOAT)
                .updater(new Adam(LEARNING_RATE))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new SimpleRnn.Builder().nIn(D).nOut(H)
                        .activation(org.nd4j.linalg.activations.Activation.TANH).build());
    }

    @State(Scope.Thread)
    public static class Dl4jFit {
        MultiLayerNetwork net;
        DataSet data;

        @Setup
        public void setup() {
            Threads.report("rnn/dl4jFit");
            MultiLayerConfiguration conf = dl4jRnn()
                    .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(H).nOut(1)
                            .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
                    .build();
            net = new MultiLayerNetwork(conf);
            net.init();
            INDArray labels = new Rng(44).normal(DataType.FLOAT, 1.0, N, 1, T);
            data = new DataSet(toNcw(inputsTnd()), labels);
        }

        double step() {
            net.fit(data);
            return net.score();
        }
    }

    /**
     * One DL4J recurrent layer alone in a one-layer network, trained as {@link #dl4jLayer} describes; shared by
     * the benchmarks of DL4J's SimpleRnn here and its LSTM in {@link LstmBench}.
     */
    abstract static class Dl4jLayerBase {
        MultiLayerNetwork net;
        Layer layer;
        LayerWorkspaceMgr workspaces;
        INDArray x;
        INDArray r;
        int iteration;

        void init(String name, MultiLayerConfiguration conf) {
            Threads.report(name);
            net = new MultiLayerNetwork(conf);
            net.init();
            net.initGradientsView();    // fit() would do this on its first call
            layer = net.getLayer(0);
            workspaces = LayerWorkspaceMgr.noWorkspaces();
            x = toNcw(inputsTnd());
            r = toNcw(lossWeightsTnh());
        }

        double step() {
            layer.setInput(x, workspaces);
            INDArray h = layer.activate(true, workspaces);
            double loss = h.mul(r).sumNumber().doubleValue();
            Pair<Gradient, INDArray> g = layer.backpropGradient(r, workspaces);
            // the network's updater wants the keys as MultiLayerNetwork names them ("0_W"), as its backprop does
            Gradient named = new DefaultGradient(net.getFlattenedGradients());
            g.getFirst().gradientForVariable().forEach((key, grad) -> named.setGradientFor("0_" + key, grad));
            net.getUpdater().update(net, named, iteration, 0, N, workspaces);
            INDArray params = net.params();
            params.subi(net.getFlattenedGradients().reshape(params.shape()));   // as DL4J's SGD step: params -= update
            iteration++;
            return loss;
        }
    }

    @State(Scope.Thread)
    public static class Dl4jLayer extends Dl4jLayerBase {
        @Setup
        public void setup() {
            init("rnn/dl4jLayer", dl4jRnn().build());
        }
    }

    @Benchmark
    public double ours(Ours s) {
        return s.step();
    }

    @Benchmark
    public double dl4jFit(Dl4jFit s) {
        return s.step();
    }

    @Benchmark
    public double dl4jLayer(Dl4jLayer s) {
        return s.step();
    }
}
