package jdl.glimpse;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small conversions between plain Java arrays and ND4J matrices used by the glimpse package. */
final class Glimpses {

    private Glimpses() {
    }

    /** A [rows, cols] matrix of {@code type} holding {@code v} row-major. */
    static INDArray matrix(double[] v, long rows, long cols, DataType type) {
        if (v.length != rows * cols) {
            throw new IllegalArgumentException("v: expected " + rows + " × " + cols + " values, got " + v.length);
        }
        if (type == DataType.FLOAT) {
            float[] f = new float[v.length];
            for (int k = 0; k < v.length; k++) {
                f[k] = (float) v[k];
            }
            return Nd4j.create(f, new long[] {rows, cols}, 'c');
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE).castTo(type);
    }
}
