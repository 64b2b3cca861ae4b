package jdl.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import jdl.nn.kernels.Scratch;

/**
 * y = max(0, x); backward: ∂L/∂x = dy where x &gt; 0, else 0. After {@link #reuseBuffers()} y and ∂L/∂x go into the
 * layer's own buffers (valid until its next call) instead of new arrays.
 */
public final class Relu implements Layer {

    private INDArray x;   // cache: the input (the mask x > 0 is computed in backward, one array fewer per step)
    private boolean reuseOutput;
    private boolean reuseInputGradient;
    private Scratch outputs;
    private Scratch inputGrads;

    @Override
    public INDArray forward(INDArray x) {
        this.x = x;
        if (!reuseOutput) {
            return Transforms.relu(x, true);
        }
        if (outputs == null || outputs.dataType() != x.dataType()) {
            outputs = new Scratch(x.dataType());
        }
        INDArray y = outputs.view(x.shape());
        Nd4j.exec(new RectifiedLinear(x, y, 0.0));
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        Shapes.requireGradient("Relu", x, dy);
        if (!reuseInputGradient) {
            return Transforms.step(x, true).muli(dy);          // step(x) = 1 where x > 0, else 0
        }
        if (inputGrads == null || inputGrads.dataType() != x.dataType()) {
            inputGrads = new Scratch(x.dataType());
        }
        INDArray dx = inputGrads.view(x.shape());
        Nd4j.exec(new Step(x, dx, 0.0));                      // 1 where x > 0, else 0
        return dx.muli(dy);                                   //   ⊙ dy
    }

    /** From now on y and ∂L/∂x are written into the layer's own buffers, valid until its next call. */
    public Relu reuseBuffers() {
        reuseBuffers(true, true);
        return this;
    }

    @Override
    public void reuseBuffers(boolean output, boolean inputGradient) {
        reuseOutput = output;
        reuseInputGradient = inputGradient;
    }
}
