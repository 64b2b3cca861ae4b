package jdl.rnn;

import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.nn.Init;
import jdl.nn.Linear;
import jdl.nn.Params;
import jdl.nn.Rng;

/**
 * A recurrent network that reads a whole sequence and answers from its final state:
 * ŷ = h_T W_out + b_out (e.g. the adding problem). Works with any {@link RecurrentCell}.
 */
public final class SequenceRegressor<C extends RecurrentCell.Step> {

    private final RecurrentLayer<C> recurrent;
    private final Linear head;

    public SequenceRegressor(Params store, RecurrentCell<C> cell, int outputs, Rng rng) {
        this.recurrent = new RecurrentLayer<>(cell);
        this.head = new Linear(store, "head", cell.hiddenSize(), outputs, Init.XAVIER_UNIFORM, rng);
    }

    /** ŷ [batch, outputs] for x [T, batch, input] (mask [T, batch] or null). */
    public INDArray forward(INDArray x, INDArray mask) {
        recurrent.forward(x, mask, null);
        return head.forward(recurrent.finalState().h());
    }

    /** Backpropagates ∂L/∂ŷ through the head and through time. */
    public void backward(INDArray dOut) {
        INDArray dFinal = head.backward(dOut);
        recurrent.backward(null, new CellState(dFinal, recurrent.finalState().c() == null ? null
                : recurrent.finalState().c().like().assign(0)));
    }

    public RecurrentLayer<C> recurrent() {
        return recurrent;
    }
}
