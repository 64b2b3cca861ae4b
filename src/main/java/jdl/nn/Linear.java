package jdl.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.kernels.Blas;
import jdl.nn.kernels.Scratch;

/**
 * Affine layer y = x W + b, with x [batch, in], W [in, out], b [1, out]. Inputs of higher rank
 * ([time, batch, in]) are treated as a stack of rows.
 *
 * <p>Backward, for ∂L/∂y = dy: ∂L/∂W = xᵀ dy, ∂L/∂b = Σ_rows dy, ∂L/∂x = dy Wᵀ.
 *
 * <p>By default every call returns a new array. After {@link #reuseBuffers()} the layer writes y and ∂L/∂x into
 * buffers of its own, valid until its next forward (backward): for layers inside a block whose outputs are consumed
 * at once, so that a training step allocates no native memory.
 */
public final class Linear implements Layer {

    private final Param W;
    private final Param b;
    private final int in;
    private final int out;
    private INDArray x;          // cache: the input, as a matrix
    private final Scratch ones;  // a row of ones, for the bias gradient as one product
    private long onesFilled;     // how many of them hold 1 (nothing else writes there; a larger row is a new buffer)
    private Scratch outputs;     // y and ∂L/∂x after reuseBuffers(), else null
    private Scratch inputGrads;
    private long[] inputShape;

    public Linear(Params store, String name, int in, int out, Init init, Rng rng) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(name + ": in and out must be at least 1, got " + in + " and " + out);
        }
        this.in = in;
        this.out = out;
        this.W = store.add(name + ".W", init.sample(in, out, rng, store.dataType()));
        this.b = store.add(name + ".b", Nd4j.zeros(store.dataType(), 1, out));
        this.ones = new Scratch(store.dataType());
    }

    @Override
    public INDArray forward(INDArray input) {
        Shapes.requireFeatures("x", input, in, W.value().dataType());
        inputShape = input.shape();
        x = Shapes.asMatrix(input);
        INDArray y = outputs != null ? outputs.view(x.rows(), out) : Nd4j.createUninitialized(x.dataType(), x.rows(), out);
        Blas.gemm(x, W.value(), y, false, false, 1.0, 0.0);      // y = x W
        y.addiRowVector(b.value());                              //   + b
        return y.reshape('c', Shapes.withLast(inputShape, out));
    }

    @Override
    public INDArray backward(INDArray dOut) {
        if (x == null) {
            throw new IllegalStateException("Linear.backward called before forward");
        }
        Shapes.requireSameShape("dOut", dOut, Shapes.withLast(inputShape, out));
        Shapes.requireType("dOut", dOut, W.value().dataType());
        INDArray dy = Shapes.asMatrix(dOut);
        Blas.gemm(x, dy, W.grad(), true, false, 1.0, 1.0);       // dW += xᵀ dy
        INDArray onesRow = ones.view(1, dy.rows());
        if (dy.rows() > onesFilled) {
            onesRow.assign(1);
            onesFilled = dy.rows();
        }
        Blas.gemm(onesRow, dy, b.grad(), false, false, 1.0, 1.0);  // db += Σ_rows dy
        INDArray dx = inputGrads != null ? inputGrads.view(dy.rows(), in) : Nd4j.createUninitialized(dy.dataType(), dy.rows(), in);
        Blas.gemm(dy, W.value(), dx, false, true, 1.0, 0.0);      // dx = dy Wᵀ
        return dx.reshape('c', inputShape);
    }

    /** From now on y and ∂L/∂x are written into the layer's own buffers, valid until its next call. */
    public Linear reuseBuffers() {
        reuseBuffers(true, true);
        return this;
    }

    @Override
    public void reuseBuffers(boolean output, boolean inputGradient) {
        outputs = output ? new Scratch(W.value().dataType()) : null;
        inputGrads = inputGradient ? new Scratch(W.value().dataType()) : null;
    }

    public Param weight() {
        return W;
    }

    public Param bias() {
        return b;
    }

    public int inputSize() {
        return in;
    }

    public int outputSize() {
        return out;
    }
}
