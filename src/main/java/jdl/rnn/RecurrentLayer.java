package jdl.rnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import jdl.nn.Shapes;
import jdl.nn.kernels.RecurrentKernel;

/**
 * Unrolls a {@link RecurrentCell} over a sequence, time-major: x [T, batch, input] → h [T, batch, hidden].
 *
 * <p><b>Variable lengths.</b> With a mask [T, batch] (1 = real step, 0 = padding), a padded step keeps
 * the previous state: s_t = m_t ⊙ cell(x_t, s_{t−1}) + (1 − m_t) ⊙ s_{t−1}. So h[T−1] is each sequence's
 * state after its last real step.
 *
 * <p><b>Backpropagation through time.</b> {@link #backward} walks the steps from T−1 down to 0, carrying
 * dNext = ∂L/∂s_t: at each step the total gradient of the state is the gradient from that step's output
 * plus the gradient flowing back from step t+1; the cell's backward step turns it into ∂L/∂xw_t and
 * ∂L/∂s_{t−1}, and adds this step's contribution to ∂L/∂W_h. {@link #stateGradNorms()} reports
 * ‖∂L/∂h_t‖ for every t. With truncation k, the gradient is not carried across the step boundaries
 * t = 0, k, 2k, … (as when the sequence is cut into chunks of k steps whose carried state is detached).
 *
 * <p><b>Two paths, one result.</b> For FLOAT inputs the layer runs its cell's fast kernel ({@link
 * RecurrentCell#kernel()}, from the engine room {@code jdl.nn.kernels}): the same equations fused over the whole
 * sequence in float, with every buffer kept between calls. Otherwise (DOUBLE, as in the gradient checks, or while
 * {@link #recordContributions} watches a parameter) it unrolls the readable {@link RecurrentCell#stepForward} and
 * {@link RecurrentCell#stepBackward} above. {@link #steps()} after a fast forward recomputes the per-step caches on
 * the readable path. The arrays {@link #forward} and {@link #backward} return on the fast path are the layer's own
 * buffers: valid until its next forward (or backward); {@code dup()} them to keep them.
 */
public final class RecurrentLayer<C extends RecurrentCell.Step> {

    private final RecurrentCell<C> cell;
    private final RecurrentKernel kernel;     // the fast FLOAT path, or null
    private boolean fast;                     // the last forward ran the kernel
    private boolean forwarded;
    private boolean backwardWasFast;          // the last backward ran the kernel: its norms and ∂L/∂h0 are there
    private INDArray input;                   // the last forward's arguments, for steps() after a fast forward
    private CellState inputState;
    private int truncation;
    // caches of the last forward
    private INDArray x2d;          // [T·N, D]
    private INDArray mask;         // [T, N] or null
    private final List<C> steps = new ArrayList<>();
    private List<CellState> states;   // carried state after each step
    private CellState initial;
    private long T;
    private long N;
    // results of the last backward
    private double[] stateGradNorms;
    private jdl.nn.Param watched;
    private INDArray[] contributions;
    private CellState dInitial;

    public RecurrentLayer(RecurrentCell<C> cell) {
        this.cell = cell;
        this.kernel = cell.kernel();
    }

    /** The layer for {@code cell} (captures the cell's step type, also for a cell of unknown type). */
    public static <C extends RecurrentCell.Step> RecurrentLayer<C> of(RecurrentCell<C> cell) {
        return new RecurrentLayer<>(cell);
    }

    public RecurrentCell<C> cell() {
        return cell;
    }

    /** Truncated BPTT: cut the gradient every {@code k} steps (0 = full BPTT). */
    public RecurrentLayer<C> truncate(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k: expected 0 (full BPTT) or a positive number of steps, got " + k);
        }
        this.truncation = k;
        return this;
    }

    /** Forward with zero initial state and no mask. */
    public INDArray forward(INDArray x) {
        return forward(x, null, null);
    }

    /**
     * @param x       inputs [T, batch, input]
     * @param m       mask [T, batch] of 0/1, or null for full-length sequences
     * @param h0      initial state, or null for zeros
     * @return hidden states [T, batch, hidden]
     */
    public INDArray forward(INDArray x, INDArray m, CellState h0) {
        if (x == null || x.rank() != 3) {
            throw new IllegalArgumentException("x: expected rank 3 [time, batch, input], got "
                    + (x == null ? "null" : "shape " + Arrays.toString(x.shape())));
        }
        Shapes.requireFeatures("x", x, cell.inputSize(), cell.inputWeight().value().dataType());
        T = x.size(0);
        N = x.size(1);
        if (N == 0) {
            throw new IllegalArgumentException("x: expected a non-empty batch, got shape " + Arrays.toString(x.shape()));
        }
        if (m != null) {
            Shapes.requireSameShape("mask", m, new long[] {T, N});
            Shapes.requireType("mask", m, x.dataType());
        }
        if (h0 != null) {
            Shapes.requireSameShape("h0.h", h0.h(), new long[] {N, cell.hiddenSize()});
            if (h0.c() != null) {
                Shapes.requireSameShape("h0.c", h0.c(), new long[] {N, cell.hiddenSize()});
            }
        }
        mask = m;
        input = x;
        inputState = h0;
        forwarded = true;
        fast = kernel != null && x.dataType() == DataType.FLOAT && watched == null;
        if (fast) {
            steps.clear();
            states = null;
            return kernel.forward(x, m, h0 == null ? null : h0.h(), h0 == null ? null : h0.c());
        }
        return unroll(x, m, h0);
    }

    /** The readable path: the cell's steps one after the other, each cached for backward. */
    private INDArray unroll(INDArray x, INDArray m, CellState h0) {
        int H = cell.hiddenSize();
        int G = cell.gateSize();
        // the input projection of all time steps in one matrix product: XW = X W_x + b, [T·N, G]
        x2d = Shapes.asMatrix(x);
        INDArray xw = Nd4j.create(x.dataType(), T * N, G);
        Nd4j.gemm(x2d, cell.inputWeight().value(), xw, false, false, 1.0, 0.0);
        xw.addiRowVector(cell.bias().value());

        initial = h0 != null ? h0 : cell.zeroState((int) N);
        steps.clear();
        states = new ArrayList<>();
        INDArray hs = Nd4j.create(x.dataType(), T, N, H);
        CellState state = initial;
        for (int t = 0; t < T; t++) {
            C step = cell.stepForward(rows(xw, t), state);
            steps.add(step);
            CellState next = step.next();
            if (m != null) {
                next = next.keepWhereMasked(state, maskColumn(t));
            }
            states.add(next);
            hs.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all()).assign(next.h());
            state = next;
        }
        return hs;
    }

    /** The state after the last step (for padded sequences: after each one's last real step). */
    public CellState finalState() {
        requireForward();
        if (fast) {
            return new CellState(kernel.finalH(), kernel.hasCellState() ? kernel.finalC() : null);
        }
        return states.get(states.size() - 1);
    }

    /**
     * Backpropagation through time.
     *
     * @param dh     ∂L/∂h for every output [T, batch, hidden], or null if the loss reads only the final state
     * @param dFinal ∂L/∂(final state), or null
     * @return ∂L/∂x [T, batch, input]
     */
    public INDArray backward(INDArray dh, CellState dFinal) {
        requireForward();
        int H = cell.hiddenSize();
        if (dh != null) {
            Shapes.requireSameShape("dh", dh, new long[] {T, N, H});
        }
        if (dh == null && dFinal == null) {
            throw new IllegalArgumentException("dh and dFinal: expected at least one gradient, got two nulls");
        }
        backwardWasFast = fast;
        if (fast) {
            stateGradNorms = null;
            dInitial = null;
            return kernel.backward(dh, dFinal == null ? null : dFinal.h(), dFinal == null ? null : dFinal.c(), truncation);
        }
        INDArray dXw = Nd4j.create(cell.inputWeight().value().dataType(), T * N, cell.gateSize());
        stateGradNorms = new double[(int) T];
        contributions = watched == null ? null : new INDArray[(int) T];
        CellState dNext = dFinal != null ? dFinal : states.get((int) T - 1).zerosLike();
        for (int t = (int) T - 1; t >= 0; t--) {
            // total gradient of the state after step t: from this step's output plus from step t+1
            CellState dState = dh == null ? dNext
                    : new CellState(dNext.h().add(dh.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all())), dNext.c());
            stateGradNorms[t] = dState.h().norm2Number().doubleValue();
            CellState dCell = dState;
            CellState dKept = null;
            if (mask != null) {            // padded rows pass their gradient straight to the previous state
                INDArray m = maskColumn(t);
                dCell = dState.scaleRows(m);
                dKept = dState.scaleRows(m.rsub(1));
            }
            INDArray before = watched == null ? null : watched.grad().dup();
            RecurrentCell.StepGrad g = cell.stepBackward(steps.get(t), dCell);
            if (watched != null) {
                contributions[t] = watched.grad().sub(before);   // what step t added to ∂L/∂W
            }
            rows(dXw, t).assign(g.dXw());
            dNext = dKept == null ? g.dPrevious() : g.dPrevious().add(dKept);
            if (truncation > 0 && t % truncation == 0) {
                dNext = dNext.zerosLike();  // truncated BPTT: no gradient into the previous chunk
            }
        }
        dInitial = dNext;
        // the input projection's gradients, again one matrix product each
        Nd4j.gemm(x2d, dXw, cell.inputWeight().grad(), true, false, 1.0, 1.0);     // dW_x += Xᵀ dXW
        cell.bias().grad().addi(dXw.sum(true, 0));                                  // db += Σ dXW
        if (watched != null && (watched == cell.inputWeight() || watched == cell.bias())) {
            // these two get their gradient from the stacked product above: split it into the per-step terms
            for (int t = 0; t < T; t++) {
                contributions[t] = watched == cell.bias() ? rows(dXw, t).sum(true, 0)
                        : rows(x2d, t).transpose().mmul(rows(dXw, t));             // x_tᵀ dXW_t
            }
        }
        INDArray dx = Nd4j.create(dXw.dataType(), T * N, cell.inputSize());
        Nd4j.gemm(dXw, cell.inputWeight().value(), dx, false, true, 1.0, 0.0);     // dX = dXW W_xᵀ
        return dx.reshape('c', T, N, cell.inputSize());
    }

    /**
     * Records, in every later backward, how much each time step adds to the gradient of {@code p} (e.g.
     * the recurrent weights W_h, the input weights W_x or the bias): BPTT's gradient is the sum of these per-step
     * contributions. Pass null to stop.
     */
    public RecurrentLayer<C> recordContributions(jdl.nn.Param p) {
        this.watched = p;
        return this;
    }

    /** The per-step contributions to the watched parameter's gradient from the last backward (index t). */
    public INDArray[] contributions() {
        if (contributions == null) {
            throw new IllegalStateException("contributions: call recordContributions(param) and then backward");
        }
        return contributions.clone();
    }

    /** ‖∂L/∂h_t‖ (Frobenius norm over the batch) for t = 0 … T−1, from the last backward. */
    public double[] stateGradNorms() {
        if (backwardWasFast) {
            return kernel.stateGradNorms();
        }
        if (stateGradNorms == null) {
            throw new IllegalStateException("stateGradNorms: call backward first");
        }
        return stateGradNorms.clone();
    }

    /** The per-step caches of the last forward (e.g. an LSTM's gate activations, for plotting). */
    public List<C> steps() {
        requireForward();
        if (fast) {                       // the kernel keeps no per-step objects: recompute them, readably
            fast = false;
            unroll(input, mask, inputState);
        }
        return java.util.Collections.unmodifiableList(steps);
    }

    /** ∂L/∂(initial state), from the last backward. */
    public CellState initialStateGrad() {
        if (backwardWasFast && dInitial == null) {
            dInitial = new CellState(kernel.initialGradH(), kernel.hasCellState() ? kernel.initialGradC() : null);
        }
        if (dInitial == null) {
            throw new IllegalStateException("initialStateGrad: call backward first");
        }
        return dInitial;
    }

    private INDArray rows(INDArray stacked, int t) {
        return stacked.get(NDArrayIndex.interval(t * N, (t + 1) * N), NDArrayIndex.all());
    }

    private INDArray maskColumn(int t) {
        return mask.get(NDArrayIndex.point(t), NDArrayIndex.all()).reshape(N, 1);
    }

    private void requireForward() {
        if (!forwarded) {
            throw new IllegalStateException("RecurrentLayer: call forward first");
        }
    }
}
