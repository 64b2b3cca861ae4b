package jdl.rnn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A recurrent cell's state at one time step: the hidden state h [batch, hidden] and, for an LSTM, the
 * cell state c (null for the vanilla RNN and the GRU).
 */
public record CellState(INDArray h, INDArray c) {

    public CellState {
        if (h == null) {
            throw new IllegalArgumentException("h: expected the hidden state [batch, hidden], got null");
        }
    }

    public static CellState of(INDArray h) {
        return new CellState(h, null);
    }

    /** m ⊙ this + (1 − m) ⊙ previous, row by row (m: [batch, 1] of 0/1): padded steps keep the old state. */
    CellState keepWhereMasked(CellState previous, INDArray m) {
        INDArray keep = m.rsub(1);
        INDArray hh = h.mulColumnVector(m).addi(previous.h().mulColumnVector(keep));
        INDArray cc = c == null ? null : c.mulColumnVector(m).addi(previous.c().mulColumnVector(keep));
        return new CellState(hh, cc);
    }

    /** Row-wise scaling of both parts by {@code m} [batch, 1]. */
    CellState scaleRows(INDArray m) {
        return new CellState(h.mulColumnVector(m), c == null ? null : c.mulColumnVector(m));
    }

    CellState add(CellState other) {
        return new CellState(h.add(other.h()), c == null ? null : c.add(other.c()));
    }

    CellState zerosLike() {
        return new CellState(h.like().assign(0), c == null ? null : c.like().assign(0));
    }
}
