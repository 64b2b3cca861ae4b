package jdl.transformer;

import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.nn.Init;
import jdl.nn.Layer;
import jdl.nn.Linear;
import jdl.nn.Params;
import jdl.nn.Relu;
import jdl.nn.Rng;

/**
 * The position-wise feed-forward network (Vaswani et al. 2017, eq. 2), the same two-layer MLP applied to every
 * token on its own: FFN(x) = max(0, x W_1 + b_1) W_2 + b_2, d → ffn → d. On [N·T, d] it is two matrix products
 * for the whole batch. Backward is the chain of {@link Linear} and {@link Relu}.
 */
public final class FeedForward implements Layer {

    private final Linear first;
    private final Relu relu = new Relu();

    private final Linear second;

    public FeedForward(Params store, String name, int d, int ffn, Rng rng) {
        first = new Linear(store, name + ".fc1", d, ffn, Init.HE_NORMAL, rng.split());
        second = new Linear(store, name + ".fc2", ffn, d, Init.XAVIER_UNIFORM, rng.split());
    }

    @Override
    public INDArray forward(INDArray x) {
        return second.forward(relu.forward(first.forward(x)));
    }

    @Override
    public INDArray backward(INDArray dOut) {
        return first.backward(relu.backward(second.backward(dOut)));
    }

    /** From now on both products and the ReLU write into their own buffers, valid until their next call. */
    public FeedForward reuseBuffers() {
        first.reuseBuffers();
        relu.reuseBuffers();
        second.reuseBuffers();
        return this;
    }
}
