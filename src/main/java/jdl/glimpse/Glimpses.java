package jdl.glimpse;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.nn.kernels.HostArrays;

/** Small conversions between plain Java arrays and ND4J matrices used by the glimpse package. */
final class Glimpses {

    private Glimpses() {
    }

    /** A [rows, cols] matrix of {@code type} holding {@code v} row-major. */
    static INDArray matrix(double[] v, long rows, long cols, DataType type) {
        return HostArrays.array(v, new long[] {rows, cols}, type);
    }
}
