package jdl.bench;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.rnn.LstmCell;
import jdl.rnn.RecurrentLayer;

/**
 * Not a benchmark: checks that our {@link LstmCell} computes what DL4J's {@code LSTM} layer computes, with the same
 * weights, in double precision, at the benchmark's shapes (batch 32, input 64, hidden 128, 50 steps). Our gate
 * blocks are [i | f | o | g]; DL4J's are [g | f | o | i] (block 0 is the candidate with the layer activation,
 * block 3 the input gate), so the weights are copied block by block. Prints the largest absolute and relative
 * differences of the outputs and of every gradient. {@code java -cp … jdl.bench.LstmAgreement}
 */
public final class LstmAgreement {

    private static final int[] OURS_TO_DL4J = {3, 1, 2, 0};   // our block k is DL4J's block OURS_TO_DL4J[k]

    public static void main(String[] args) {
        int T = LstmBench.T;
        int N = LstmBench.N;
        int D = LstmBench.D;
        int H = LstmBench.H;
        Params p = new Params(DataType.DOUBLE);
        LstmCell cell = new LstmCell(p, "lstm", D, H, new Rng(1));
        RecurrentLayer<LstmCell.Cache> ours = new RecurrentLayer<>(cell);

        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).list()
                .layer(new LSTM.Builder().nIn(D).nOut(H)
                        .activation(org.nd4j.linalg.activations.Activation.TANH)
                        .gateActivationFunction(org.nd4j.linalg.activations.Activation.SIGMOID).build())
                .build());
        net.init();
        net.initGradientsView();
        Layer dl4j = net.getLayer(0);
        copyBlocks(cell.inputWeight().value(), dl4j.getParam("W"), H);
        copyBlocks(cell.recurrentWeight().value(), dl4j.getParam("RW"), H);
        copyBlocks(cell.bias().value(), dl4j.getParam("b"), H);

        INDArray x = new Rng(42).normal(DataType.DOUBLE, 1.0, T, N, D);
        INDArray r = new Rng(43).normal(DataType.DOUBLE, 1.0, T, N, H);
        INDArray h = ours.forward(x);
        p.zeroGrad();
        INDArray dx = ours.backward(r, null);

        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        dl4j.setInput(RnnBench.toNcw(x), ws);
        INDArray hDl4j = dl4j.activate(true, ws);                                  // [N, H, T]
        Pair<Gradient, INDArray> g = dl4j.backpropGradient(RnnBench.toNcw(r), ws);

        report("h", h, fromNcw(hDl4j));
        report("dL/dx", dx, fromNcw(g.getSecond()));
        report("dL/dW_x", cell.inputWeight().grad(), toOurs(g.getFirst().getGradientFor("W"), H));
        report("dL/dW_h", cell.recurrentWeight().grad(), toOurs(g.getFirst().getGradientFor("RW"), H));
        report("dL/db", cell.bias().grad(), toOurs(g.getFirst().getGradientFor("b"), H));
    }

    /** Our [rows, 4H] matrix into DL4J's parameter view, block by block. */
    private static void copyBlocks(INDArray ours, INDArray dl4j, int H) {
        INDArray target = dl4j.reshape(ours.shape());
        for (int k = 0; k < 4; k++) {
            int to = OURS_TO_DL4J[k];
            target.get(NDArrayIndex.all(), NDArrayIndex.interval(to * H, (to + 1) * H))
                    .assign(ours.get(NDArrayIndex.all(), NDArrayIndex.interval(k * H, (k + 1) * H)));
        }
    }

    /** DL4J's [rows, 4H] gradient reordered into our block order. */
    private static INDArray toOurs(INDArray dl4j, int H) {
        INDArray m = dl4j.rank() == 1 ? dl4j.reshape(1, dl4j.length()) : dl4j;
        INDArray out = m.like();
        for (int k = 0; k < 4; k++) {
            int from = OURS_TO_DL4J[k];
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(k * H, (k + 1) * H))
                    .assign(m.get(NDArrayIndex.all(), NDArrayIndex.interval(from * H, (from + 1) * H)));
        }
        return out;
    }

    /** [N, F, T] → [T, N, F]. */
    private static INDArray fromNcw(INDArray ncw) {
        return ncw.permute(2, 0, 1).dup('c');
    }

    private static void report(String name, INDArray ours, INDArray theirs) {
        INDArray b = theirs.reshape(ours.shape());
        double maxAbs = ours.sub(b).amaxNumber().doubleValue();
        double scale = Math.max(ours.amaxNumber().doubleValue(), b.amaxNumber().doubleValue());
        System.out.printf("%-8s max |ours − DL4J| = %.3e (largest |value| %.3e, relative %.3e)%n", name, maxAbs, scale, maxAbs / scale);
    }
}
