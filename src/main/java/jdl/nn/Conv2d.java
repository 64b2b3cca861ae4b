package jdl.nn;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.kernels.HostArrays;

/**
 * A 2-D convolution (cross-correlation, as in every deep-learning library) over images [batch, channels, height,
 * width] with {@code filters} kernels of k×k, a stride and zero padding:
 * <pre>
 *   y[n, f, i, j] = b_f + Σ_c Σ_u Σ_v x[n, c, i·s − p + u, j·s − p + v] · W[c, u, v, f],
 *   output side (H + 2p − k) / s + 1 (rounded down).
 * </pre>
 * Computed by <b>im2col</b>: every k×k window of every channel becomes one row of a matrix X_col
 * [batch · outH · outW, channels · k²] (zeros where the window sticks out of the padded image), so the whole
 * convolution is one matrix product Y = X_col W + b, with W stored as [channels · k², filters].
 *
 * <p>Backward, for dY (rearranged to [batch · outH · outW, filters]): ∂L/∂W = X_colᵀ dY, ∂L/∂b = Σ_rows dY,
 * ∂L/∂X_col = dY Wᵀ, and col2im adds every row of ∂L/∂X_col back onto the pixels its window read.
 */
public final class Conv2d implements Layer {

    private final Param W;
    private final Param b;
    private final int channels;
    private final int filters;
    private final int kernel;
    private final int stride;
    private final int padding;
    private INDArray columns;      // cache: X_col
    private long[] inputShape;

    public Conv2d(Params store, String name, int channels, int filters, int kernel, int stride, int padding, Rng rng) {
        if (channels < 1 || filters < 1) {
            throw new IllegalArgumentException(name + ": channels and filters must be at least 1, got " + channels
                    + " and " + filters);
        }
        if (kernel < 1) {
            throw new IllegalArgumentException(name + ": kernel must be at least 1, got " + kernel);
        }
        if (stride < 1) {
            throw new IllegalArgumentException(name + ": stride must be at least 1, got " + stride);
        }
        if (padding < 0 || padding >= kernel) {
            throw new IllegalArgumentException(name + ": padding must be in 0.." + (kernel - 1) + " (less than the kernel "
                    + kernel + "), got " + padding);
        }
        this.channels = channels;
        this.filters = filters;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.W = store.add(name + ".W", Init.HE_NORMAL.sample(channels * kernel * kernel, filters, rng, store.dataType()));
        this.b = store.add(name + ".b", Nd4j.zeros(store.dataType(), 1, filters));
    }

    /** The output side for an input side (H + 2p − k) / s + 1; fails if the padded input is smaller than the kernel. */
    public int outputSide(long side) {
        long padded = side + 2L * padding;
        if (padded < kernel) {
            throw new IllegalArgumentException("x: input side " + side + " plus padding 2·" + padding
                    + " is smaller than the kernel " + kernel);
        }
        return (int) ((padded - kernel) / stride + 1);
    }

    @Override
    public INDArray forward(INDArray x) {
        if (x == null || x.rank() != 4 || x.size(1) != channels || x.size(0) < 1) {
            throw new IllegalArgumentException("x: expected shape [batch, " + channels + ", height, width], got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        Shapes.requireType("x", x, W.value().dataType());
        inputShape = x.shape();
        int n = (int) x.size(0);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        int oh = outputSide(h);
        int ow = outputSide(w);
        int width = channels * kernel * kernel;
        double[] in = HostArrays.doubles(x);
        double[] col = new double[n * oh * ow * width];
        for (int img = 0; img < n; img++) {                       // im2col: one row per output pixel
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int row = ((img * oh + i) * ow + j) * width;
                    for (int c = 0; c < channels; c++) {
                        int plane = (img * channels + c) * h * w;
                        for (int u = 0; u < kernel; u++) {
                            int y = i * stride - padding + u;
                            if (y < 0 || y >= h) {
                                continue;                         // zero padding
                            }
                            for (int v = 0; v < kernel; v++) {
                                int xx = j * stride - padding + v;
                                if (xx >= 0 && xx < w) {
                                    col[row + (c * kernel + u) * kernel + v] = in[plane + y * w + xx];
                                }
                            }
                        }
                    }
                }
            }
        }
        columns = HostArrays.array(col, new long[] {(long) n * oh * ow, width}, x.dataType());
        INDArray out = columns.mmul(W.value()).addiRowVector(b.value());                  // Y = X_col W + b
        return out.reshape('c', n, oh, ow, filters).permute(0, 3, 1, 2).dup('c');         // → [n, filters, oh, ow]
    }

    @Override
    public INDArray backward(INDArray dOut) {
        if (columns == null) {
            throw new IllegalStateException("Conv2d.backward called before forward");
        }
        int n = (int) inputShape[0];
        int h = (int) inputShape[2];
        int w = (int) inputShape[3];
        int oh = outputSide(h);
        int ow = outputSide(w);
        Shapes.requireSameShape("dOut", dOut, new long[] {n, filters, oh, ow});
        INDArray dy = dOut.permute(0, 2, 3, 1).dup('c').reshape('c', (long) n * oh * ow, filters);
        W.grad().addi(columns.transpose().mmul(dy));                                      // dW += X_colᵀ dY
        b.grad().addi(dy.sum(true, 0));                                                   // db += Σ_rows dY
        double[] dCol = HostArrays.doubles(dy.mmul(W.value().transpose()));                   // ∂L/∂X_col = dY Wᵀ
        int width = channels * kernel * kernel;
        double[] dx = new double[n * channels * h * w];
        for (int img = 0; img < n; img++) {                       // col2im: add each window back onto its pixels
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int row = ((img * oh + i) * ow + j) * width;
                    for (int c = 0; c < channels; c++) {
                        int plane = (img * channels + c) * h * w;
                        for (int u = 0; u < kernel; u++) {
                            int y = i * stride - padding + u;
                            if (y < 0 || y >= h) {
                                continue;
                            }
                            for (int v = 0; v < kernel; v++) {
                                int xx = j * stride - padding + v;
                                if (xx >= 0 && xx < w) {
                                    dx[plane + y * w + xx] += dCol[row + (c * kernel + u) * kernel + v];
                                }
                            }
                        }
                    }
                }
            }
        }
        return HostArrays.array(dx, inputShape, dOut.dataType());
    }

    public Param weight() {
        return W;
    }

    public Param bias() {
        return b;
    }

    public int filters() {
        return filters;
    }
}
