package jdl.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Layers applied in order; backward runs them in reverse, passing each one's input gradient down. */
public class Sequential implements Layer {

    private final List<Layer> layers;

    public Sequential(List<? extends Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("layers: expected at least one layer, got none");
        }
        this.layers = new ArrayList<>(layers);
        // the arrays between layers are consumed at once: the layers may write them into buffers of their own;
        // what the whole stack returns (the last output, the first input gradient) stays a new array
        for (int i = 0; i < this.layers.size(); i++) {
            this.layers.get(i).reuseBuffers(i < this.layers.size() - 1, i > 0);
        }
    }

    @Override
    public INDArray forward(INDArray x) {
        INDArray h = x;
        for (Layer layer : layers) {
            h = layer.forward(h);
        }
        return h;
    }

    @Override
    public INDArray backward(INDArray dOut) {
        INDArray d = dOut;
        for (int i = layers.size() - 1; i >= 0; i--) {
            d = layers.get(i).backward(d);
        }
        return d;
    }

    @Override
    public void setTraining(boolean training) {
        layers.forEach(l -> l.setTraining(training));
    }

    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }
}
