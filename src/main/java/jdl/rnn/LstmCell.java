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

    /** Step cache; the gate activations are public for plotting. */
    public record Cache(INDArray hPrevious, INDArray cPrevious, INDArray inputGate, INDArray forgetGate,
                        INDArray outputGate, INDArray candidate, INDArray c, INDArray tanhC, INDArray h)
            implements RecurrentCell.Step {
        @Override
        public CellState next() {
            return new CellState(h, c);
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
        INDArray cPrev = previous.c();
        INDArray a = xw.dup();
        Nd4j.gemm(hPrev, Wh.value(), a, false, false, 1.0, 1.0);        // a = x W_x + b + h_{t−1} W_h
        INDArray i = Transforms.sigmoid(gate(a, 0), true);
        INDArray f = Transforms.sigmoid(gate(a, 1), true);
        INDArray o = Transforms.sigmoid(gate(a, 2), true);
        INDArray g = Transforms.tanh(gate(a, 3), true);
        INDArray c = f.mul(cPrev).addi(i.mul(g));                       // c_t = f ⊙ c_{t−1} + i ⊙ g
        INDArray tanhC = Transforms.tanh(c, true);
        INDArray h = o.mul(tanhC);                                       // h_t = o ⊙ tanh(c_t)
        return new Cache(hPrev, cPrev, i, f, o, g, c, tanhC, h);
    }

    @Override
    public StepGrad stepBackward(Cache s, CellState dNext) {
        INDArray dh = dNext.h();
        INDArray dcTotal = dh.mul(s.outputGate()).muli(s.tanhC().mul(s.tanhC()).rsubi(1));  // dh ⊙ o ⊙ (1 − tanh²c)
        if (dNext.c() != null) {
            dcTotal.addi(dNext.c());
        }
        INDArray dO = dh.mul(s.tanhC());
        INDArray dI = dcTotal.mul(s.candidate());
        INDArray dF = dcTotal.mul(s.cPrevious());
        INDArray dG = dcTotal.mul(s.inputGate());
        INDArray dcPrev = dcTotal.mul(s.forgetGate());                   // ∂L/∂c_{t−1} = dc ⊙ f
        INDArray da = Nd4j.create(dh.dataType(), dh.rows(), 4 * hidden);
        gate(da, 0).assign(dI.muli(sigmoidGrad(s.inputGate())));
        gate(da, 1).assign(dF.muli(sigmoidGrad(s.forgetGate())));
        gate(da, 2).assign(dO.muli(sigmoidGrad(s.outputGate())));
        gate(da, 3).assign(dG.muli(s.candidate().mul(s.candidate()).rsubi(1)));
        Nd4j.gemm(s.hPrevious(), da, Wh.grad(), true, false, 1.0, 1.0);   // dW_h += h_{t−1}ᵀ da
        INDArray dhPrev = Nd4j.create(dh.dataType(), dh.rows(), hidden);
        Nd4j.gemm(da, Wh.value(), dhPrev, false, true, 1.0, 0.0);          // dh_{t−1} = da W_hᵀ
        return new StepGrad(da, new CellState(dhPrev, dcPrev));
    }

    private static INDArray sigmoidGrad(INDArray s) {
        return s.rsub(1).muli(s);
    }

    private INDArray gate(INDArray a, int k) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(k * hidden, (k + 1) * hidden));
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
}
