package jdl.rnn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stacked recurrent layers: layer ℓ reads the hidden states of layer ℓ − 1 at every step,
 * h^ℓ_t = cell_ℓ(h^{ℓ−1}_t, h^ℓ_{t−1}), with h^0_t = x_t. Backward runs BPTT in each layer from the top
 * down, the gradient of a layer's inputs being the gradient of the outputs of the layer below.
 */
public final class RecurrentStack {

    private final List<RecurrentLayer<?>> layers = new ArrayList<>();

    /** Stacks the cells bottom to top; each cell's input size must be the previous cell's hidden size. */
    public RecurrentStack(List<? extends RecurrentCell<?>> cells) {
        if (cells == null || cells.isEmpty()) {
            throw new IllegalArgumentException("cells: expected at least one recurrent cell, got none");
        }
        for (int l = 0; l < cells.size(); l++) {
            RecurrentCell<?> cell = cells.get(l);
            if (l > 0 && cell.inputSize() != cells.get(l - 1).hiddenSize()) {
                throw new IllegalArgumentException("cells[" + l + "]: expected input size " + cells.get(l - 1).hiddenSize()
                        + " (the hidden size of cells[" + (l - 1) + "]), got " + cell.inputSize());
            }
            layers.add(RecurrentLayer.of(cell));
        }
    }

    /** {@code depth} cells of one type: the first reads {@code input} features, the others the layer below. */
    public static RecurrentStack of(CellType type, int depth, jdl.nn.Params store, String name, int input, int hidden,
                                    jdl.nn.Rng rng) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth: expected at least 1 layer, got " + depth);
        }
        List<RecurrentCell<?>> cells = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            cells.add(type.create(store, depth == 1 ? name : name + l, l == 0 ? input : hidden, hidden, rng));
        }
        return new RecurrentStack(cells);
    }

    /** Top-layer hidden states [T, batch, hidden] for x [T, batch, input] (mask [T, batch] or null, zero initial states). */
    public INDArray forward(INDArray x, INDArray mask) {
        INDArray h = x;
        for (RecurrentLayer<?> layer : layers) {
            h = layer.forward(h, mask, null);
        }
        return h;
    }

    /**
     * BPTT through every layer, top first.
     *
     * @param dh     ∂L/∂(top-layer states) [T, batch, hidden], or null
     * @param dFinal ∂L/∂(top layer's final state), or null
     * @return ∂L/∂x
     */
    public INDArray backward(INDArray dh, CellState dFinal) {
        INDArray d = layers.get(layers.size() - 1).backward(dh, dFinal);
        for (int l = layers.size() - 2; l >= 0; l--) {
            d = layers.get(l).backward(d, null);
        }
        return d;
    }

    /** The top layer. */
    public RecurrentLayer<?> top() {
        return layers.get(layers.size() - 1);
    }

    /** The layers, bottom first. */
    public List<RecurrentLayer<?>> layers() {
        return Collections.unmodifiableList(layers);
    }

    public int depth() {
        return layers.size();
    }
}
