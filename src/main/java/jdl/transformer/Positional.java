package jdl.transformer;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.nn.Shapes;

/** The shape check the two positional tables share: x [N·T, d] with T ≤ maxLength; returns T. */
final class Positional {

    private Positional() {
    }

    static int length(INDArray x, int sequences, int d, long maxLength, DataType dtype) {
        Shapes.requireFeatures("x", x, d, dtype);
        if (x.rank() != 2 || sequences < 1 || x.rows() % sequences != 0) {
            throw new IllegalArgumentException("x: expected a matrix [N·T, " + d + "] of " + sequences
                    + " sequences, got shape " + Arrays.toString(x.shape()));
        }
        long t = x.rows() / sequences;
        if (t > maxLength) {
            throw new IllegalArgumentException("x: sequences of " + t + " tokens are longer than maxLength = " + maxLength);
        }
        return (int) t;
    }
}
