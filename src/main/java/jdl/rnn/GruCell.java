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
import jdl.nn.kernels.GruKernel;

/**
 * Gated recurrent unit (Cho et al. 2014). With xw = x_t W_x + b and hw = h_{t−1} W_h, each split as
 * [z | r | n]:
 * <pre>
 *   z = σ(xw_z + hw_z)   update gate      r = σ(xw_r + hw_r)   reset gate
 *   n = tanh(xw_n + r ⊙ hw_n)   candidate  h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 * </pre>
 * One gate z does the work of the LSTM's forget and input gates (keep the old state or take the new one),
 * and there is no separate cell state: 3/4 of an LSTM's parameters.
 *
 * <p>Backward, for dh = ∂L/∂h_t: dz = dh ⊙ (h_{t−1} − n), dn = dh ⊙ (1 − z), da_n = dn ⊙ (1 − n²),
 * dr = da_n ⊙ hw_n, ∂L/∂hw = [dz σ′, dr σ′, da_n ⊙ r], ∂L/∂W_h += h_{t−1}ᵀ ∂L/∂hw,
 * ∂L/∂h_{t−1} = dh ⊙ z + (∂L/∂hw) W_hᵀ.
 */
public final class GruCell implements RecurrentCell<GruCell.Cache> {

    /**
     * What one step keeps for its backward step: the gates row by row as [z | r | n] (batch × 3·hidden)
     * and hw_n; {@link #updateGate()} and the others give them as matrices for plotting.
     */
    public static final class Cache implements RecurrentCell.Step {
        final INDArray hPrevious;   // h_{t−1} [N, H], for the gemms of the backward step
        final double[] hPrev;       // the same values as a plain array
        final double[] gates;       // z, r, n after their σ / tanh
        final double[] hwCandidate; // hw_n = (h_{t−1} W_h)_n
        private final CellState next;
        private final int hidden;

        Cache(INDArray hPrevious, double[] hPrev, double[] gates, double[] hwCandidate, CellState next, int hidden) {
            this.hPrevious = hPrevious;
            this.hPrev = hPrev;
            this.gates = gates;
            this.hwCandidate = hwCandidate;
            this.next = next;
            this.hidden = hidden;
        }

        @Override
        public CellState next() {
            return next;
        }

        /** z_t [batch, hidden]. */
        public INDArray updateGate() {
            return gate(0);
        }

        /** r_t [batch, hidden]. */
        public INDArray resetGate() {
            return gate(1);
        }

        /** n_t, the candidate [batch, hidden]. */
        public INDArray candidate() {
            return gate(2);
        }

        private INDArray gate(int k) {
            return HostArrays.block(gates, 3, hidden, k, next.h().dataType());
        }
    }

    private final Param Wx;
    private final Param Wh;
    private final Param b;
    private final int input;
    private final int hidden;

    public GruCell(Params store, String name, int input, int hidden, Rng rng) {
        if (input < 1 || hidden < 1) {
            throw new IllegalArgumentException(name + ": input and hidden must be at least 1, got " + input + " and " + hidden);
        }
        this.input = input;
        this.hidden = hidden;
        this.Wx = store.add(name + ".Wx", Init.XAVIER_UNIFORM.sample(input, 3 * hidden, rng, store.dataType()));
        INDArray wh = Nd4j.create(store.dataType(), hidden, 3 * hidden);
        for (int k = 0; k < 3; k++) {
            wh.get(NDArrayIndex.all(), NDArrayIndex.interval(k * hidden, (k + 1) * hidden))
                    .assign(Init.ORTHOGONAL.sample(hidden, hidden, rng, store.dataType()));
        }
        this.Wh = store.add(name + ".Wh", wh);
        this.b = store.add(name + ".b", Nd4j.zeros(store.dataType(), 1, 3 * hidden));
    }

    @Override
    public Cache stepForward(INDArray xw, CellState previous) {
        INDArray hPrevious = previous.h();
        INDArray hwMatrix = Nd4j.create(xw.dataType(), xw.rows(), 3 * hidden);
        Nd4j.gemm(hPrevious, Wh.value(), hwMatrix, false, false, 1.0, 0.0);   // hw = h_{t−1} W_h
        int n = (int) xw.rows();
        int H = hidden;
        double[] gates = HostArrays.doubles(xw);          // starts as xw, becomes [z | r | n]
        double[] hw = HostArrays.doubles(hwMatrix);
        double[] hPrev = HostArrays.doubles(hPrevious);
        double[] hwN = new double[n * H];
        double[] h = new double[n * H];
        for (int row = 0; row < n; row++) {
            int k = row * 3 * H;
            for (int j = 0; j < H; j++) {
                int at = row * H + j;
                double z = FastMath.sigmoid(gates[k + j] + hw[k + j]);                // update gate
                double r = FastMath.sigmoid(gates[k + H + j] + hw[k + H + j]);        // reset gate
                hwN[at] = hw[k + 2 * H + j];
                double cand = FastMath.tanh(gates[k + 2 * H + j] + r * hwN[at]);      // n = tanh(xw_n + r ⊙ hw_n)
                gates[k + j] = z;
                gates[k + H + j] = r;
                gates[k + 2 * H + j] = cand;
                h[at] = (1 - z) * cand + z * hPrev[at];                           // h = (1 − z) ⊙ n + z ⊙ h_{t−1}
            }
        }
        CellState next = CellState.of(HostArrays.matrix(h, n, H, xw.dataType()));
        return new Cache(hPrevious, hPrev, gates, hwN, next, H);
    }

    @Override
    public StepGrad stepBackward(Cache s, CellState dNext) {
        int H = hidden;
        int n = s.hPrev.length / H;
        double[] dh = HostArrays.doubles(dNext.h());
        double[] dXw = new double[n * 3 * H];
        double[] dHw = new double[n * 3 * H];
        double[] dhPrev = new double[n * H];
        for (int row = 0; row < n; row++) {
            int k = row * 3 * H;
            for (int j = 0; j < H; j++) {
                int at = row * H + j;
                double z = s.gates[k + j];
                double r = s.gates[k + H + j];
                double cand = s.gates[k + 2 * H + j];
                double dz = dh[at] * (s.hPrev[at] - cand);            // ∂h/∂z = h_{t−1} − n
                double daN = dh[at] * (1 - z) * (1 - cand * cand);    // dn ⊙ (1 − n²)
                double dr = daN * s.hwCandidate[at];
                dXw[k + j] = dz * z * (1 - z);
                dXw[k + H + j] = dr * r * (1 - r);
                dXw[k + 2 * H + j] = daN;
                dHw[k + j] = dXw[k + j];
                dHw[k + H + j] = dXw[k + H + j];
                dHw[k + 2 * H + j] = daN * r;                        // the candidate sees r ⊙ hw_n
                dhPrev[at] = dh[at] * z;                             // direct path: z ⊙ dh
            }
        }
        DataType type = s.hPrevious.dataType();
        INDArray dHwMatrix = HostArrays.matrix(dHw, n, 3L * H, type);
        Nd4j.gemm(s.hPrevious, dHwMatrix, Wh.grad(), true, false, 1.0, 1.0);   // dW_h += h_{t−1}ᵀ dHw
        INDArray dhPrevious = HostArrays.matrix(dhPrev, n, H, type);
        Nd4j.gemm(dHwMatrix, Wh.value(), dhPrevious, false, true, 1.0, 1.0);   //   + dHw W_hᵀ
        return new StepGrad(HostArrays.matrix(dXw, n, 3L * H, type), CellState.of(dhPrevious));
    }

    @Override
    public CellState zeroState(int batch) {
        return CellState.of(Nd4j.zeros(Wh.value().dataType(), batch, hidden));
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
        return 3 * hidden;
    }

    @Override
    public Param inputWeight() {
        return Wx;
    }

    /** W_h [hidden, 3·hidden], gates in the order z, r, n. */
    public Param recurrentWeight() {
        return Wh;
    }

    @Override
    public Param bias() {
        return b;
    }

    /** The same step fused over a whole FLOAT sequence, in float (the engine room's {@link GruKernel}). */
    @Override
    public GruKernel kernel() {
        return new GruKernel(Wx, Wh, b, hidden);
    }
}
