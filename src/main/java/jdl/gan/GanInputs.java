package jdl.gan;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Appending one-hot classes to inputs (conditional GANs) and packing samples (PacGAN). */
final class GanInputs {

    private GanInputs() {
    }

    static INDArray oneHot(int[] classes, int k, DataType dtype) {
        INDArray y = Nd4j.zeros(dtype, classes.length, k);
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] < 0 || classes[i] >= k) {
                throw new IllegalArgumentException("classes[" + i + "]: expected 0.." + (k - 1) + ", got " + classes[i]);
            }
            y.putScalar(i, classes[i], 1.0);
        }
        return y;
    }

    /** [x, onehot(classes)] when the GAN is conditional ({@code k > 0}), else x. */
    static INDArray withClasses(INDArray x, int[] classes, int k) {
        if (k == 0) {
            if (classes != null) {
                throw new IllegalArgumentException("classes: this GAN is unconditional, expected null");
            }
            return x;
        }
        if (classes == null || classes.length != x.rows()) {
            throw new IllegalArgumentException("classes: expected " + x.rows() + " class labels (one per row), got "
                    + (classes == null ? "null" : classes.length));
        }
        return Nd4j.hstack(x, oneHot(classes, k, x.dataType()));
    }
}
