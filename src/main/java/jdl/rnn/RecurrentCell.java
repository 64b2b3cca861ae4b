package jdl.rnn;

import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.nn.Param;
import jdl.nn.kernels.RecurrentKernel;

/**
 * One step of a recurrent network, in the form every cell of the course shares (vanilla RNN, LSTM, GRU)
 * so that {@link RecurrentLayer} can unroll any of them:
 * <ul>
 * <li>the input enters through one matrix W_x [input, gates] and bias b [1, gates] that the layer applies
 * to all time steps at once (one large matrix product, xw_t = x_t W_x + b);</li>
 * <li>{@link #stepForward} takes xw_t and the previous state and returns the new state with its cache;</li>
 * <li>{@link #stepBackward} takes the cache and ∂L/∂(new state), adds the recurrent weights' gradients,
 * and returns ∂L/∂xw_t and ∂L/∂(previous state).</li>
 * </ul>
 *
 * @param <C> the cell's per-step cache
 */
public interface RecurrentCell<C extends RecurrentCell.Step> {

    /** What one forward step keeps for its backward step; {@link #next()} is the new state. */
    interface Step {
        CellState next();
    }

    /** The gradients one backward step returns. */
    record StepGrad(INDArray dXw, CellState dPrevious) {
    }

    int inputSize();

    int hiddenSize();

    /** Columns of W_x: hidden for an RNN, 4·hidden for an LSTM, 3·hidden for a GRU. */
    int gateSize();

    /** W_x [input, gates]. */
    Param inputWeight();

    /** b [1, gates]. */
    Param bias();

    /** The zero state for a batch. */
    CellState zeroState(int batch);

    C stepForward(INDArray xw, CellState previous);

    StepGrad stepBackward(C cache, CellState dNext);

    /**
     * A new fast path for whole FLOAT sequences over this cell's parameters (the engine room's
     * {@link RecurrentKernel}), or null if there is none: {@link RecurrentLayer} then unrolls {@link #stepForward}.
     */
    default RecurrentKernel kernel() {
        return null;
    }
}
