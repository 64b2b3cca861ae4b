package jdl.rnn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.Init;
import jdl.nn.Param;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.kernels.FastMath;
import jdl.nn.kernels.HostArrays;
import jdl.nn.kernels.RnnKernel;

/**
 * The vanilla (Elman) RNN cell: h_t = tanh(x_t W_x + h_{t−1} W_h + b), the same weights at every step.
 * With {@link Nonlinearity#LINEAR} it is h_t = x_t W_x + h_{t−1} W_h + b, for the vanishing/exploding
 * gradient experiments.
 *
 * <p>Backward, for dh = ∂L/∂h_t: da = dh ⊙ (1 − h_t²) (or dh if linear); ∂L/∂W_h += h_{t−1}ᵀ da;
 * ∂L/∂h_{t−1} = da W_hᵀ; ∂L/∂(x_t W_x + b) = da.
 */
public final class RnnCell implements RecurrentCell<RnnCell.Cache> {

    /** The cell's activation. */
    public enum Nonlinearity { TANH, LINEAR }

    /** Step cache: the previous and the new hidden state. */
    public record Cache(INDArray hPrevious, INDArray h) implements RecurrentCell.Step {
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
    private final Nonlinearity nonlinearity;

    public RnnCell(Params store, String name, int input, int hidden, Nonlinearity nonlinearity, Rng rng) {
        if (input < 1 || hidden < 1) {
            throw new IllegalArgumentException(name + ": input and hidden must be at least 1, got " + input + " and " + hidden);
        }
        if (nonlinearity == null) {
            throw new IllegalArgumentException(name + ": nonlinearity must be TANH or LINEAR, got null");
        }
        this.input = input;
        this.hidden = hidden;
        this.nonlinearity = nonlinearity;
        this.Wx = store.add(name + ".Wx", Init.XAVIER_UNIFORM.sample(input, hidden, rng, store.dataType()));
        this.Wh = store.add(name + ".Wh", Init.ORTHOGONAL.sample(hidden, hidden, rng, store.dataType()));
        this.b = store.add(name + ".b", Nd4j.zeros(store.dataType(), 1, hidden));
    }

    public RnnCell(Params store, String name, int input, int hidden, Rng rng) {
        this(store, name, input, hidden, Nonlinearity.TANH, rng);
    }

    @Override
    public Cache stepForward(INDArray xw, CellState previous) {
        INDArray hPrev = previous.h();
        INDArray a = xw.dup();
        Nd4j.gemm(hPrev, Wh.value(), a, false, false, 1.0, 1.0);           // a = x_t W_x + b + h_{t−1} W_h
        if (nonlinearity == Nonlinearity.LINEAR) {
            return new Cache(hPrev, a);
        }
        double[] h = HostArrays.doubles(a);
        for (int k = 0; k < h.length; k++) {
            h[k] = FastMath.tanh(h[k]);                                          // h_t = tanh(a)
        }
        return new Cache(hPrev, HostArrays.matrix(h, a.rows(), hidden, a.dataType()));
    }

    @Override
    public StepGrad stepBackward(Cache cache, CellState dNext) {
        INDArray dh = dNext.h();
        INDArray da;
        if (nonlinearity == Nonlinearity.TANH) {
            double[] h = HostArrays.doubles(cache.h());
            double[] d = HostArrays.doubles(dh);
            for (int k = 0; k < d.length; k++) {
                d[k] *= 1 - h[k] * h[k];                                     // da = dh ⊙ (1 − h²)
            }
            da = HostArrays.matrix(d, dh.rows(), hidden, dh.dataType());
        } else {
            da = dh.dup();
        }
        Nd4j.gemm(cache.hPrevious(), da, Wh.grad(), true, false, 1.0, 1.0);                   // dW_h += h_{t−1}ᵀ da
        INDArray dhPrev = Nd4j.create(da.dataType(), da.rows(), hidden);
        Nd4j.gemm(da, Wh.value(), dhPrev, false, true, 1.0, 0.0);                              // dh_{t−1} = da W_hᵀ
        return new StepGrad(da, CellState.of(dhPrev));
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
        return hidden;
    }

    @Override
    public Param inputWeight() {
        return Wx;
    }

    /** W_h [hidden, hidden]: the recurrent weights, whose spectral radius decides whether gradients vanish. */
    public Param recurrentWeight() {
        return Wh;
    }

    @Override
    public Param bias() {
        return b;
    }

    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    /** The same step fused over a whole FLOAT sequence, in float (the engine room's {@link RnnKernel}). */
    @Override
    public RnnKernel kernel() {
        return new RnnKernel(Wx, Wh, b, hidden, nonlinearity == Nonlinearity.LINEAR);
    }
}
