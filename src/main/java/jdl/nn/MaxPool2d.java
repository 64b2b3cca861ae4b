package jdl.nn;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.nn.kernels.HostArrays;

/**
 * Max pooling over non-overlapping size×size windows of images [batch, channels, height, width]:
 * y[n, c, i, j] = max over the window at (i·size, j·size); rows or columns left over at the edge are dropped.
 * Backward: each output's gradient goes to the input pixel that was the maximum (the first one on ties).
 */
public final class MaxPool2d implements Layer {

    private final int size;
    private int[] argmax;          // cache: per output, the flat input index of its maximum
    private long[] inputShape;

    public MaxPool2d(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size: expected a window of at least 1, got " + size);
        }
        this.size = size;
    }

    @Override
    public INDArray forward(INDArray x) {
        if (x == null || x.rank() != 4 || x.size(2) < size || x.size(3) < size) {
            throw new IllegalArgumentException("x: expected shape [batch, channels, height, width] with height and width"
                    + " at least " + size + ", got " + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        inputShape = x.shape();
        int planes = (int) (x.size(0) * x.size(1));
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        int oh = h / size;
        int ow = w / size;
        double[] in = HostArrays.doubles(x);
        double[] out = new double[planes * oh * ow];
        argmax = new int[out.length];
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int best = p * h * w + i * size * w + j * size;
                    for (int u = 0; u < size; u++) {
                        for (int v = 0; v < size; v++) {
                            int at = p * h * w + (i * size + u) * w + j * size + v;
                            if (in[at] > in[best]) {
                                best = at;
                            }
                        }
                    }
                    int o = (p * oh + i) * ow + j;
                    out[o] = in[best];
                    argmax[o] = best;
                }
            }
        }
        return HostArrays.array(out, new long[] {x.size(0), x.size(1), oh, ow}, x.dataType());
    }

    @Override
    public INDArray backward(INDArray dOut) {
        if (argmax == null) {
            throw new IllegalStateException("MaxPool2d.backward called before forward");
        }
        Shapes.requireSameShape("dOut", dOut, new long[] {inputShape[0], inputShape[1], inputShape[2] / size,
                inputShape[3] / size});
        double[] d = HostArrays.doubles(dOut);
        double[] dx = new double[(int) (inputShape[0] * inputShape[1] * inputShape[2] * inputShape[3])];
        for (int o = 0; o < d.length; o++) {
            dx[argmax[o]] += d[o];
        }
        return HostArrays.array(dx, inputShape, dOut.dataType());
    }
}
