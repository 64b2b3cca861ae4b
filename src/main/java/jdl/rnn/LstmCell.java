package jdl.rnn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import jdl.nn.Init;
import jdl.nn.Param;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.kernels.FastMath;
import jdl.nn.kernels.HostArrays;
import jdl.nn.kernels.LstmKernel;

/**
 * Long short-term memory (Hochreiter &amp; Schmidhuber 1997, with the forget gate of Gers et al. 2000).
 * One matrix product per step computes all four pre-activations, a = x_t W_x + b + h_{t−1} W_h, split as
 * [i | f | o | g]:
 * <pre>
 *   i = σ(a_i)   input gate        f = σ(a_f)   forget gate       o = σ(a_o)   output gate
 *   g = tanh(a_g) candidate         c_t = f ⊙ c_{t−1} + i ⊙ g       h_t = o ⊙ tanh(c_t)
 * </pre>
 * The cell state c is updated additively, so ∂c_t/∂c_{t−1} = f: with f ≈ 1 the gradient passes back
 * through time without being multiplied by W_h. The forget-gate bias starts at 1 (Jozefowicz et al. 2015).
 *
 * <p>Backward, for dh = ∂L/∂h_t and dc = ∂L/∂c_t from step t+1:
 * dc_total = dc + dh ⊙ o ⊙ (1 − tanh²c_t); do = dh ⊙ tanh c_t; di = dc_total ⊙ g; df = dc_total ⊙ c_{t−1};
 * dg = dc_total ⊙ i; ∂L/∂c_{t−1} = dc_total ⊙ f; then through the gates' σ and tanh to da, and
 * ∂L/∂W_h += h_{t−1}ᵀ da, ∂L/∂h_{t−1} = da W_hᵀ.
 */
public final class LstmCell implements RecurrentCell<LstmCell.Cache> {

    /**
     * What one step keeps for its backward step. The gate activations are stored together, row by row as
     * [i | f | o | g] (batch × 4·hidden); {@link #inputGate()} and the others give them as matrices for plotting.
     */
    public static final class Cache implements RecurrentCell.Step {
        final INDArray hPrevious;   // h_{t−1} [N, H], for the gemms of the backward step
        final double[] cPrevious;   // c_{t−1}
        final double[] gates;       // i, f, o, g after their σ / tanh
        final double[] tanhC;       // tanh(c_t)
        private final CellState next;
        private final int hidden;

        Cache(INDArray hPrevious, double[] cPrevious, double[] gates, double[] tanhC, CellState next, int hidden) {
            this.hPrevious = hPrevious;
            this.cPrevious = cPrevious;
            this.gates = gates;
            this.tanhC = tanhC;
            this.next = next;
            this.hidden = hidden;
        }

        @Override
        public CellState next() {
            return next;
        }

        /** i_t [batch, hidden]. */
        public INDArray inputGate() {
            return gate(0);
        }

        /** f_t [batch, hidden]. */
        public INDArray forgetGate() {
            return gate(1);
        }

        /** o_t [batch, hidden]. */
        public INDArray outputGate() {
            return gate(2);
        }

        /** g_t, the candidate [batch, hidden]. */
        public INDArray candidate() {
            return gate(3);
        }

        /** c_t [batch, hidden]. */
        public INDArray c() {
            return next.c();
        }

        private INDArray gate(int k) {
            return HostArrays.block(gates, 4, hidden, k, next.h().dataType());
        }
    }

    private final Param Wx;
    private final Param Wh;
    private final Param b;
    private final int input;
    private final int hidden;

    public LstmCell(Params store, String name, int input, int hidden, Rng rng) {
        if (input < 1 || hidden < 1) {
            throw new IllegalArgumentException(name + ": input and hidden must be at least 1, got " + input + " and " + hidden);
        }
        this.input = input;
        this.hidden = hidden;
        this.Wx = store.add(name + ".Wx", Init.XAVIER_UNIFORM.sample(input, 4 * hidden, rng, store.dataType()));
        INDArray wh = Nd4j.create(store.dataType(), hidden, 4 * hidden);
        for (int k = 0; k < 4; k++) {           // one orthogonal block per gate
            wh.get(NDArrayIndex.all(), NDArrayIndex.interval(k * hidden, (k + 1) * hidden))
                    .assign(Init.ORTHOGONAL.sample(hidden, hidden, rng, store.dataType()));
        }
        this.Wh = store.add(name + ".Wh", wh);
        INDArray bias = Nd4j.zeros(store.dataType(), 1, 4 * hidden);
        bias.get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, 2 * hidden)).assign(1.0);   // forget gate open
        this.b = store.add(name + ".b", bias);
    }

    @Override
    public Cache stepForward(INDArray xw, CellState previous) {
        INDArray hPrev = previous.h();
        INDArray a = xw.dup();
        Nd4j.gemm(hPrev, Wh.value(), a, false, false, 1.0, 1.0);        // a = x W_x + b + h_{t−1} W_h
        int n = (int) a.rows();
        int H = hidden;
        double[] gates = HostArrays.doubles(a);
        double[] cPrev = HostArrays.doubles(previous.c());
        double[] c = new double[n * H];
        double[] tanhC = new double[n * H];
        double[] h = new double[n * H];
        for (int row = 0; row < n; row++) {
            int k = row * 4 * H;
            for (int j = 0; j < H; j++) {
                double i = FastMath.sigmoid(gates[k + j]);                   // input gate
                double f = FastMath.sigmoid(gates[k + H + j]);               // forget gate
                double o = FastMath.sigmoid(gates[k + 2 * H + j]);           // output gate
                double g = FastMath.tanh(gates[k + 3 * H + j]);              // candidate
                gates[k + j] = i;
                gates[k + H + j] = f;
                gates[k + 2 * H + j] = o;
                gates[k + 3 * H + j] = g;
                int at = row * H + j;
                c[at] = f * cPrev[at] + i * g;                           // c_t = f ⊙ c_{t−1} + i ⊙ g
                tanhC[at] = FastMath.tanh(c[at]);
                h[at] = o * tanhC[at];                                   // h_t = o ⊙ tanh(c_t)
            }
        }
        DataType type = a.dataType();
        CellState next = new CellState(HostArrays.matrix(h, n, H, type), HostArrays.matrix(c, n, H, type));
        return new Cache(hPrev, cPrev, gates, tanhC, next, H);
    }

    @Override
    public StepGrad stepBackward(Cache s, CellState dNext) {
        int H = hidden;
        int n = s.cPrevious.length / H;
        double[] dh = HostArrays.doubles(dNext.h());
        double[] dc = dNext.c() == null ? null : HostArrays.doubles(dNext.c());
        double[] da = new double[n * 4 * H];
        double[] dcPrev = new double[n * H];
        for (int row = 0; row < n; row++) {
            int k = row * 4 * H;
            for (int j = 0; j < H; j++) {
                int at = row * H + j;
                double i = s.gates[k + j];
                double f = s.gates[k + H + j];
                double o = s.gates[k + 2 * H + j];
                double g = s.gates[k + 3 * H + j];
                double tc = s.tanhC[at];
                double dcTotal = dh[at] * o * (1 - tc * tc) + (dc == null ? 0 : dc[at]);  // dh ⊙ o ⊙ (1 − tanh²c) + dc
                da[k + j] = dcTotal * g * i * (1 - i);                   // di through σ′
                da[k + H + j] = dcTotal * s.cPrevious[at] * f * (1 - f); // df through σ′
                da[k + 2 * H + j] = dh[at] * tc * o * (1 - o);           // do through σ′
                da[k + 3 * H + j] = dcTotal * i * (1 - g * g);           // dg through tanh′
                dcPrev[at] = dcTotal * f;                                // ∂L/∂c_{t−1} = dc ⊙ f
            }
        }
        DataType type = s.hPrevious.dataType();
        INDArray dA = HostArrays.matrix(da, n, 4L * H, type);
        Nd4j.gemm(s.hPrevious, dA, Wh.grad(), true, false, 1.0, 1.0);     // dW_h += h_{t−1}ᵀ da
        INDArray dhPrev = Nd4j.create(type, n, H);
        Nd4j.gemm(dA, Wh.value(), dhPrev, false, true, 1.0, 0.0);          // dh_{t−1} = da W_hᵀ
        return new StepGrad(dA, new CellState(dhPrev, HostArrays.matrix(dcPrev, n, H, type)));
    }

    @Override
    public CellState zeroState(int batch) {
        return new CellState(Nd4j.zeros(Wh.value().dataType(), batch, hidden), Nd4j.zeros(Wh.value().dataType(), batch, hidden));
    }

    @Override
    public int inputSize() {
        return input;
    }

    @Override
    public int hiddenSize() {
        return hidden;
    }

    @Override
    public int gateSize() {
        return 4 * hidden;
    }

    @Override
    public Param inputWeight() {
        return Wx;
    }

    /** W_h [hidden, 4·hidden], gates in the order i, f, o, g. */
    public Param recurrentWeight() {
        return Wh;
    }

    @Override
    public Param bias() {
        return b;
    }

    /** The same step fused over a whole FLOAT sequence, in float (the engine room's {@link LstmKernel}). */
    @Override
    public LstmKernel kernel() {
        return new LstmKernel(Wx, Wh, b, hidden);
    }
}
