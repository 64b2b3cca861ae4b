package jdl.attention;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import jdl.rnn.RecurrentCell;

/**
 * The input of a decoder cell that reads [E y ; c]: a word embedding and a context vector. The cell's input weight
 * W_x [E + C, gates] is split into the rows for the embedding (W_e) and the rows for the context (W_c), because
 * under teacher forcing E y W_e + b is known for all steps at once (one large product), while the context of step i
 * depends on the state of step i − 1 (one product per step). Used by {@link Seq2Seq} and {@code jdl.caption.Captioner}.
 */
public final class DecoderInput {

    private final RecurrentCell<?> cell;
    private final int embedding;
    private final int context;

    /** {@code cell} must have input size {@code embedding + context} (context 0: the cell reads the embedding only). */
    public DecoderInput(RecurrentCell<?> cell, int embedding, int context) {
        if (cell == null || embedding < 1 || context < 0 || cell.inputSize() != embedding + context) {
            throw new IllegalArgumentException("cell, embedding, context: expected a cell of input size embedding + context, got "
                    + (cell == null ? "null" : cell.inputSize()) + " for " + embedding + " + " + context);
        }
        this.cell = cell;
        this.embedding = embedding;
        this.context = context;
    }

    /** W_e: the rows of W_x that read the embedding (a view of the value or the gradient, valid after packing). */
    public INDArray embeddingRows(boolean grad) {
        INDArray w = grad ? cell.inputWeight().grad() : cell.inputWeight().value();
        return w.get(NDArrayIndex.interval(0, embedding), NDArrayIndex.all());
    }

    /** W_c: the rows that read the context. */
    public INDArray contextRows(boolean grad) {
        INDArray w = grad ? cell.inputWeight().grad() : cell.inputWeight().value();
        return w.get(NDArrayIndex.interval(embedding, embedding + context), NDArrayIndex.all());
    }

    /** xw = E y W_e + b for a stack of embeddings [rows, E]. */
    public INDArray embeddingInput(INDArray emb) {
        INDArray xw = Nd4j.create(emb.dataType(), emb.rows(), cell.gateSize());
        Nd4j.gemm(emb, embeddingRows(false), xw, false, false, 1.0, 0.0);
        return xw.addiRowVector(cell.bias().value());
    }

    /** xw_emb + c W_c (a new array). */
    public INDArray withContext(INDArray xwEmbedding, INDArray c) {
        INDArray xw = xwEmbedding.dup();
        Nd4j.gemm(c, contextRows(false), xw, false, false, 1.0, 1.0);
        return xw;
    }

    /** Backward of {@link #withContext} for ∂L/∂xw: dW_c += cᵀ dxw, and dContext += dxw W_cᵀ (in place). */
    public void contextBackward(INDArray c, INDArray dXw, INDArray dContext) {
        Nd4j.gemm(c, dXw, contextRows(true), true, false, 1.0, 1.0);
        Nd4j.gemm(dXw, contextRows(false), dContext, false, true, 1.0, 1.0);
    }

    /** Backward of {@link #embeddingInput} for all steps: dW_e += Eᵀ dXW, db += Σ dXW; returns ∂L/∂E y [rows, E]. */
    public INDArray embeddingBackward(INDArray emb, INDArray dXwAll) {
        Nd4j.gemm(emb, dXwAll, embeddingRows(true), true, false, 1.0, 1.0);
        cell.bias().grad().addi(dXwAll.sum(true, 0));
        INDArray dEmb = Nd4j.create(emb.dataType(), emb.rows(), embedding);
        Nd4j.gemm(dXwAll, embeddingRows(false), dEmb, false, true, 1.0, 0.0);
        return dEmb;
    }
}
