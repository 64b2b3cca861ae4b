package jdl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conv2d (im2col) against a direct convolution loop, gradient checks of Conv2d, MaxPool2d and Reshape, bad input. */
class ConvolutionTest {

    /** The definition, four nested loops per output value, no im2col. */
    private static double[] naive(double[] x, int n, int c, int h, int w, double[] weight, double[] bias, int f, int k,
                                  int s, int p) {
        int oh = (h + 2 * p - k) / s + 1;
        int ow = (w + 2 * p - k) / s + 1;
        double[] y = new double[n * f * oh * ow];
        for (int img = 0; img < n; img++) {
            for (int out = 0; out < f; out++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = bias[out];
                        for (int ch = 0; ch < c; ch++) {
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    int yy = i * s - p + u;
                                    int xx = j * s - p + v;
                                    if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                        // W stored [c·k·k, f]
                                        sum += x[((img * c + ch) * h + yy) * w + xx] * weight[((ch * k + u) * k + v) * f + out];
                                    }
                                }
                            }
                        }
                        y[((img * f + out) * oh + i) * ow + j] = sum;
                    }
                }
            }
        }
        return y;
    }

    private static void compareWithNaive(int c, int f, int k, int s, int p, int h, int w) {
        Params store = new Params(DataType.DOUBLE);
        Rng rng = new Rng(3);
        Conv2d conv = new Conv2d(store, "conv", c, f, k, s, p, rng);
        conv.bias().value().assign(rng.normal(DataType.DOUBLE, 1.0, 1, f));
        INDArray x = GradCheck.randomInput(rng, 2, c, h, w);
        INDArray y = conv.forward(x);
        int oh = (h + 2 * p - k) / s + 1;
        int ow = (w + 2 * p - k) / s + 1;
        assertArrayEquals(new long[] {2, f, oh, ow}, y.shape());
        double[] expected = naive(Shapes.doubles(x), 2, c, h, w, Shapes.doubles(conv.weight().value()),
                Shapes.doubles(conv.bias().value()), f, k, s, p);
        assertArrayEquals(expected, Shapes.doubles(y), 1e-12);
    }

    @Test
    void im2colEqualsTheDirectLoop() {
        compareWithNaive(1, 3, 3, 1, 0, 7, 6);
        compareWithNaive(2, 4, 3, 1, 1, 6, 6);
        compareWithNaive(3, 2, 5, 2, 2, 9, 8);     // stride 2, padding 2, non-square input
        compareWithNaive(2, 2, 4, 3, 1, 10, 11);   // the last window does not reach the edge
    }

    @Test
    void aKnownKernelDetectsAnEdge() {
        Params store = new Params(DataType.DOUBLE);
        Conv2d conv = new Conv2d(store, "edge", 1, 1, 2, 1, 0, new Rng(1));
        conv.weight().value().assign(Nd4j.create(new double[] {-1, 1, -1, 1}, new long[] {4, 1}));   // right − left
        INDArray x = Nd4j.create(new double[] {0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1}, new long[] {1, 1, 3, 4});
        assertArrayEquals(new double[] {0, 2, 0, 0, 2, 0}, Shapes.doubles(conv.forward(x)), 0);
    }

    @Test
    void conv2dPassesTheGradientCheck() {
        for (int[] cfg : new int[][] {{2, 3, 3, 1, 1}, {1, 2, 3, 2, 0}, {3, 2, 2, 2, 1}}) {
            Params store = new Params(DataType.DOUBLE);
            Rng rng = new Rng(5);
            Conv2d conv = new Conv2d(store, "conv", cfg[0], cfg[1], cfg[2], cfg[3], cfg[4], rng);
            INDArray x = GradCheck.randomInput(rng, 2, cfg[0], 7, 6);
            GradCheck.Result r = GradCheck.layer(conv, store, x, 40, rng);
            System.out.println("Conv2d " + java.util.Arrays.toString(cfg) + ": " + r);
            r.assertBelow(1e-6);
        }
    }

    @Test
    void maxPoolPassesTheGradientCheckAndRoutesToTheMaximum() {
        Rng rng = new Rng(8);
        MaxPool2d pool = new MaxPool2d(2);
        INDArray x = GradCheck.randomInput(rng, 2, 3, 5, 4);       // odd height: the last row is dropped
        INDArray y = pool.forward(x);
        assertArrayEquals(new long[] {2, 3, 2, 2}, y.shape());
        assertEquals(Math.max(Math.max(x.getDouble(0, 0, 0, 0), x.getDouble(0, 0, 0, 1)),
                Math.max(x.getDouble(0, 0, 1, 0), x.getDouble(0, 0, 1, 1))), y.getDouble(0, 0, 0, 0), 0);
        Params none = new Params(DataType.DOUBLE);
        none.add("unused", Nd4j.zeros(DataType.DOUBLE, 1, 1));
        GradCheck.Result r = GradCheck.layer(pool, none, x, 0, rng);
        System.out.println("MaxPool2d: " + r);
        r.assertBelow(1e-6);
        INDArray dx = pool.backward(Nd4j.ones(DataType.DOUBLE, 2, 3, 2, 2));
        assertEquals(24, dx.sumNumber().doubleValue(), 0);           // one pixel per window receives the gradient
        assertEquals(0, dx.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(4), org.nd4j.linalg.indexing.NDArrayIndex.all())
                .sumNumber().doubleValue(), 0);
    }

    @Test
    void aSmallConvolutionalNetworkPassesTheGradientCheck() {
        Params store = new Params(DataType.DOUBLE);
        Rng rng = new Rng(11);
        Sequential cnn = new Sequential(List.of(new Reshape(1, 8, 8), new Conv2d(store, "c1", 1, 3, 3, 1, 1, rng),
                new Relu(), new MaxPool2d(2), new Conv2d(store, "c2", 3, 2, 3, 1, 0, rng), new Relu(),
                new Reshape(8), new Linear(store, "out", 8, 4, Init.XAVIER_UNIFORM, rng)));
        INDArray x = GradCheck.randomInput(rng, 3, 64);
        GradCheck.Result r = GradCheck.layer(cnn, store, x, 30, rng);
        System.out.println("Reshape-Conv-ReLU-MaxPool-Conv-ReLU-Reshape-Linear: " + r);
        r.assertBelow(1e-6);
    }

    @Test
    void badInputIsRejectedWithItsName() {
        Params store = new Params(DataType.DOUBLE);
        Rng rng = new Rng(1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Conv2d(store, "c", 1, 2, 3, 0, 0, rng))
                .getMessage().contains("stride must be at least 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Conv2d(store, "c", 1, 2, 3, 1, 3, rng))
                .getMessage().contains("padding must be in 0..2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Conv2d(store, "c", 1, 2, 3, 1, -1, rng))
                .getMessage().contains("got -1"));
        Conv2d conv = new Conv2d(store, "ok", 2, 2, 5, 1, 0, rng);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> conv.forward(Nd4j.zeros(DataType.DOUBLE, 1, 3, 8, 8)))
                .getMessage().contains("expected shape [batch, 2, height, width], got [1, 3, 8, 8]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> conv.forward(Nd4j.zeros(DataType.DOUBLE, 1, 2, 4, 8)))
                .getMessage().contains("smaller than the kernel 5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> conv.forward(Nd4j.zeros(DataType.FLOAT, 1, 2, 8, 8)))
                .getMessage().contains("data type DOUBLE"));
        assertThrows(IllegalStateException.class, () -> new Conv2d(store, "fresh", 1, 1, 1, 1, 0, rng)
                .backward(Nd4j.zeros(DataType.DOUBLE, 1, 1, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(3).forward(Nd4j.zeros(DataType.DOUBLE, 1, 1, 2, 5)))
                .getMessage().contains("at least 3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Reshape(1, 5, 5).forward(Nd4j.zeros(DataType.DOUBLE, 2, 24)))
                .getMessage().contains("25 values per example"));
    }
}
