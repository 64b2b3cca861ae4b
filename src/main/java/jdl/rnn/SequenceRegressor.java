package jdl.rnn;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.nn.Init;
import jdl.nn.Linear;
import jdl.nn.Params;
import jdl.nn.Rng;

/**
 * A recurrent network that reads a whole sequence and answers from its final state:
 * ŷ = h_T W_out + b_out. The answer is a number (the adding problem, with a squared error) or the logits
 * of a class (row-by-row images, with softmax cross-entropy). Works with any {@link RecurrentCell}, and
 * with a {@link RecurrentStack} of several layers (the head reads the top layer).
 */
public final class SequenceRegressor<C extends RecurrentCell.Step> {

    private final RecurrentStack stack;
    private final Linear head;

    public SequenceRegressor(Params store, RecurrentCell<C> cell, int outputs, Rng rng) {
        this(store, new RecurrentStack(List.of(cell)), outputs, rng);
    }

    public SequenceRegressor(Params store, RecurrentStack stack, int outputs, Rng rng) {
        this.stack = stack;
        this.head = new Linear(store, "head", stack.top().cell().hiddenSize(), outputs, Init.XAVIER_UNIFORM, rng);
    }

    /** ŷ [batch, outputs] for x [T, batch, input] (mask [T, batch] or null). */
    public INDArray forward(INDArray x, INDArray mask) {
        stack.forward(x, mask);
        return head.forward(stack.top().finalState().h());
    }

    /** Backpropagates ∂L/∂ŷ through the head and through time, in every layer. */
    public void backward(INDArray dOut) {
        INDArray dFinal = head.backward(dOut);
        CellState last = stack.top().finalState();
        stack.backward(null, new CellState(dFinal, last.c() == null ? null : last.c().like().assign(0)));
    }

    /** The top recurrent layer (the only one unless stacked). */
    @SuppressWarnings("unchecked")
    public RecurrentLayer<C> recurrent() {
        return (RecurrentLayer<C>) stack.top();
    }

    public RecurrentStack stack() {
        return stack;
    }
}
