package jdl.bench;

import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
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
import jdl.rnn.GruCell;
import jdl.rnn.LstmCell;
import jdl.rnn.RecurrentCell;
import jdl.rnn.RecurrentLayer;

/**
 * One training step of a gated recurrent sequence layer, float32, the shapes of {@link RnnBench}: batch
 * N = 32, input D = 64, hidden H = 128, T = 50 steps, full BPTT, Adam 1e-3, loss L = Σ h ⊙ R for a fixed
 * random R (so ∂L/∂h = R).
 *
 * <ul>
 * <li>{@link #lstm}: {@link RecurrentLayer} over our {@link LstmCell}: one [T·N, D]×[D, 4H] gemm for the
 * input projection of all steps, per step one [N, H]×[H, 4H] gemm and the gate arithmetic, backward per
 * step two gemms (∂W_h, ∂h_{t−1}), then one gemm each for ∂W_x and ∂x.</li>
 * <li>{@link #gru}: the same with our {@link GruCell} (3H gate columns instead of 4H).</li>
 * <li>{@link #dl4jLstm}: DL4J's {@code LSTM} layer (sigmoid gates, tanh activation, no peepholes: the same
 * equations as ours), alone in a one-layer MultiLayerNetwork without workspaces, input [N, D, T]:
 * {@code activate(true)}, L = Σ h ⊙ R, {@code backpropGradient(R)}, then the network's Adam updater and
 * params −= update, as {@link RnnBench#dl4jLayer} does.</li>
 * </ul>
 *
 * <p>FLOPs per step, from the matrix products only: forward 2·T·N·(D + H)·G with G = 4H (LSTM) or 3H (GRU),
 * backward twice that. LSTM: 3·2·T·N·(D + H)·4H = 943,718,400; GRU: 707,788,800.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LstmBench {

    static final int T = RnnBench.T;
    static final int N = RnnBench.N;
    static final int D = RnnBench.D;
    static final int H = RnnBench.H;

    /** 3 · 2 · T · N · (D + H) · 4H. */
    public static final double FLOPS_LSTM = 3.0 * 2.0 * T * N * (D + H) * 4.0 * H;
    /** 3 · 2 · T · N · (D + H) · 3H. */
    public static final double FLOPS_GRU = 3.0 * 2.0 * T * N * (D + H) * 3.0 * H;

    /** Our layer with either cell. */
    public abstract static class OursBase<C extends RecurrentCell.Step> {
        Params params;
        RecurrentLayer<C> layer;
        Optimizer optimizer;
        INDArray x;
        INDArray r;

        abstract RecurrentCell<C> cell(Params p);

        void init(String name) {
            Threads.report(name);
            params = new Params(DataType.FLOAT);
            layer = new RecurrentLayer<>(cell(params));
            optimizer = new Optimizer(params, new Adam(RnnBench.LEARNING_RATE));
            x = RnnBench.inputsTnd();
            r = RnnBench.lossWeightsTnh();
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

    @State(Scope.Thread)
    public static class OursLstm extends OursBase<LstmCell.Cache> {
        @Override
        RecurrentCell<LstmCell.Cache> cell(Params p) {
            return new LstmCell(p, "lstm", D, H, new Rng(1));
        }

        @Setup
        public void setup() {
            init("lstm/ours");
        }
    }

    @State(Scope.Thread)
    public static class OursGru extends OursBase<GruCell.Cache> {
        @Override
        RecurrentCell<GruCell.Cache> cell(Params p) {
            return new GruCell(p, "gru", D, H, new Rng(1));
        }

        @Setup
        public void setup() {
            init("gru/ours");
        }
    }

    @State(Scope.Thread)
    public static class Dl4jLstm extends RnnBench.Dl4jLayerBase {
        @Setup
        public void setup() {
            init("lstm/dl4j", new NeuralNetConfiguration.Builder()
                    .seed(1)
                    .dataType(DataType.FLOAT)
                    .updater(new Adam(RnnBench.LEARNING_RATE))
                    .weightInit(WeightInit.XAVIER)
                    .list()
                    .layer(new LSTM.Builder().nIn(D).nOut(H)
                            .activation(org.nd4j.linalg.activations.Activation.TANH)
                            .gateActivationFunction(org.nd4j.linalg.activations.Activation.SIGMOID)
                            .build())
                    .build());
        }
    }

    @Benchmark
    public double lstm(OursLstm s) {
        return s.step();
    }

    @Benchmark
    public double gru(OursGru s) {
        return s.step();
    }

    @Benchmark
    public double dl4jLstm(Dl4jLstm s) {
        return s.step();
    }
}
