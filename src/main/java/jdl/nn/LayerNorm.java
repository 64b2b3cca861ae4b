package jdl.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import jdl.nn.kernels.HostArrays;
import jdl.nn.kernels.LayerNormKernel;
import jdl.nn.kernels.Scratch;

/**
 * Layer normalisation (Ba et al. 2016) over the last dimension of size D:
 * x̂ = (x − μ) / √(σ² + ε), y = γ ⊙ x̂ + β, with μ and σ² the mean and variance of each row.
 *
 * <p>Backward, with g = dy ⊙ γ: ∂L/∂x = (1/σ̂)(g − mean(g) − x̂ ⊙ mean(g ⊙ x̂)) per row,
 * ∂L/∂γ = Σ_rows dy ⊙ x̂, ∂L/∂β = Σ_rows dy.
 *
 * <p>For DOUBLE inputs (the gradient checks) the code below runs as written; FLOAT inputs take the fused
 * {@link LayerNormKernel} of the engine room (the same equations, tested against this code).
 */
public final class LayerNorm implements Layer {

    private final Param gamma;
    private final Param beta;
    private final int size;
    private final double eps;
    private LayerNormKernel kernel;   // the fused FLOAT path (engine room), created on first use
    private Scratch outputs;          // y and ∂L/∂x after reuseBuffers(), else null
    private Scratch inputGrads;
    private boolean fast;             // the last forward ran the kernel
    private INDArray xHat;        // cache
    private INDArray invStd;      // cache: 1/√(σ² + ε), [rows, 1]
    private long[] inputShape;

    public LayerNorm(Params store, String name, int size, double eps) {
        if (size < 1) {
            throw new IllegalArgumentException(name + ": size must be at least 1, got " + size);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException(name + ": eps must be positive, got " + eps);
        }
        this.size = size;
        this.eps = eps;
        this.gamma = store.add(name + ".gamma", Nd4j.ones(store.dataType(), 1, size));
        this.beta = store.add(name + ".beta", Nd4j.zeros(store.dataType(), 1, size));
    }

    public LayerNorm(Params store, String name, int size) {
        this(store, name, size, 1e-5);
    }

    @Override
    public INDArray forward(INDArray input) {
        Shapes.requireFeatures("x", input, size, gamma.value().dataType());
        inputShape = input.shape();
        fast = input.dataType() == DataType.FLOAT;
        if (fast) {                                                     // the same equations, fused, in float
            if (kernel == null) {
                kernel = new LayerNormKernel(size);
            }
            INDArray x = HostArrays.isContiguous(input) ? input : input.dup('c');
            INDArray y = outputs != null ? outputs.view(inputShape) : Nd4j.createUninitialized(DataType.FLOAT, inputShape, 'c');
            kernel.forward(x, gamma.value(), beta.value(), eps, y);
            return y;
        }
        INDArray x = Shapes.asMatrix(input);
        INDArray mu = x.mean(true, 1);                                   // μ, [rows, 1]
        INDArray centered = x.subColumnVector(mu);                      // x − μ
        INDArray var = centered.mul(centered).mean(true, 1);           // σ²
        invStd = Transforms.pow(var.addi(eps), -0.5, false);            // 1/√(σ² + ε)
        xHat = centered.muliColumnVector(invStd);                       // x̂
        INDArray y = xHat.mulRowVector(gamma.value()).addiRowVector(beta.value());
        return y.reshape('c', inputShape);
    }

    @Override
    public INDArray backward(INDArray dOut) {
        Shapes.requireSameShape("dOut", dOut, inputShape);
        Shapes.requireType("dOut", dOut, gamma.value().dataType());
        if (fast) {
            INDArray dx = inputGrads != null ? inputGrads.view(inputShape) : Nd4j.createUninitialized(DataType.FLOAT, inputShape, 'c');
            kernel.backward(HostArrays.isContiguous(dOut) ? dOut : dOut.dup('c'), gamma.grad(), beta.grad(), dx);
            return dx;
        }
        INDArray dy = Shapes.asMatrix(dOut);
        gamma.grad().addi(dy.mul(xHat).sum(true, 0));                   // ∂L/∂γ
        beta.grad().addi(dy.sum(true, 0));                              // ∂L/∂β
        INDArray g = dy.mulRowVector(gamma.value());                    // ∂L/∂x̂
        INDArray meanG = g.mean(true, 1);
        INDArray meanGx = g.mul(xHat).mean(true, 1);
        INDArray dx = g.subColumnVector(meanG).subi(xHat.mulColumnVector(meanGx)).muliColumnVector(invStd);
        return dx.reshape('c', inputShape);
    }

    /** From now on y and ∂L/∂x (FLOAT) are written into the layer's own buffers, valid until its next call. */
    public LayerNorm reuseBuffers() {
        outputs = new Scratch(DataType.FLOAT);
        inputGrads = new Scratch(DataType.FLOAT);
        return this;
    }
}
