package jdl.rnn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import jdl.nn.Init;
import jdl.nn.Param;
import jdl.nn.Params;
import jdl.nn.Rng;

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

    /** Step cache; the gates are public for plotting. */
    public record Cache(INDArray hPrevious, INDArray updateGate, INDArray resetGate, INDArray candidate,
                        INDArray hwCandidate, INDArray h) implements RecurrentCell.Step {
        @Override
        public CellState next() {
            return CellState.of(h);
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
        INDArray hPrev = previous.h();
        INDArray hw = Nd4j.create(xw.dataType(), xw.rows(), 3 * hidden);
        Nd4j.gemm(hPrev, Wh.value(), hw, false, false, 1.0, 0.0);       // hw = h_{t−1} W_h
        INDArray z = Transforms.sigmoid(gate(xw, 0).add(gate(hw, 0)), false);
        INDArray r = Transforms.sigmoid(gate(xw, 1).add(gate(hw, 1)), false);
        INDArray hwN = gate(hw, 2).dup();
        INDArray n = Transforms.tanh(gate(xw, 2).add(r.mul(hwN)), false);      // n = tanh(xw_n + r ⊙ hw_n)
        INDArray h = z.rsub(1).muli(n).addi(z.mul(hPrev));                      // h = (1 − z) ⊙ n + z ⊙ h_{t−1}
        return new Cache(hPrev, z, r, n, hwN, h);
    }

    @Override
    public StepGrad stepBackward(Cache s, CellState dNext) {
        INDArray dh = dNext.h();
        INDArray z = s.updateGate();
        INDArray r = s.resetGate();
        INDArray n = s.candidate();
        INDArray dz = dh.mul(s.hPrevious().sub(n));                   // ∂h/∂z = h_{t−1} − n
        INDArray daN = dh.mul(z.rsub(1)).muli(n.mul(n).rsubi(1));    // dn ⊙ (1 − n²)
        INDArray dr = daN.mul(s.hwCandidate());
        INDArray daZ = dz.muli(z.rsub(1).muli(z));
        INDArray daR = dr.muli(r.rsub(1).muli(r));
        INDArray dXw = Nd4j.create(dh.dataType(), dh.rows(), 3 * hidden);
        gate(dXw, 0).assign(daZ);
        gate(dXw, 1).assign(daR);
        gate(dXw, 2).assign(daN);
        INDArray dHw = dXw.dup();
        gate(dHw, 2).muli(r);                                         // the candidate sees r ⊙ hw_n
        Nd4j.gemm(s.hPrevious(), dHw, Wh.grad(), true, false, 1.0, 1.0);   // dW_h += h_{t−1}ᵀ dHw
        INDArray dhPrev = dh.mul(z);                                  // direct path: z ⊙ dh
        Nd4j.gemm(dHw, Wh.value(), dhPrev, false, true, 1.0, 1.0);    //   + dHw W_hᵀ
        return new StepGrad(dXw, CellState.of(dhPrev));
    }

    private INDArray gate(INDArray a, int k) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(k * hidden, (k + 1) * hidden));
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
}
