package jdl.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The batched product behind attention (one BLAS call per matrix) against a plain triple loop. */
class BatchedProductTest {

    private static double[][][] naive(INDArray a, INDArray b, boolean transA, boolean transB, double alpha) {
        int batch = (int) a.size(0);
        int m = (int) (transA ? a.size(2) : a.size(1));
        int k = (int) (transA ? a.size(1) : a.size(2));
        int n = (int) (transB ? b.size(1) : b.size(2));
        double[][][] c = new double[batch][m][n];
        for (int s = 0; s < batch; s++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int t = 0; t < k; t++) {
                        double x = transA ? a.getDouble(s, t, i) : a.getDouble(s, i, t);
                        double y = transB ? b.getDouble(s, j, t) : b.getDouble(s, t, j);
                        sum += x * y;
                    }
                    c[s][i][j] = alpha * sum;
                }
            }
        }
        return c;
    }

    private static void assertProduct(INDArray a, INDArray b, boolean transA, boolean transB, double tol) {
        double[][][] expected = naive(a, b, transA, transB, 0.5);
        INDArray c = Nd4j.create(a.dataType(), expected.length, expected[0].length, expected[0][0].length);
        ScaledDotProductAttention.bmm(a, b, c, transA, transB, 0.5);
        for (int s = 0; s < expected.length; s++) {
            for (int i = 0; i < expected[0].length; i++) {
                for (int j = 0; j < expected[0][0].length; j++) {
                    assertEquals(expected[s][i][j], c.getDouble(s, i, j), tol,
                            "c[" + s + "," + i + "," + j + "] transA=" + transA + " transB=" + transB);
                }
            }
        }
    }

    @Test
    void everyTransposeCombinationMatchesTheLoopInDoubleAndFloat() {
        Nd4j.getRandom().setSeed(7);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-12 : 1e-4;
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    INDArray a = ta ? Nd4j.rand(type, 3, 4, 5) : Nd4j.rand(type, 3, 5, 4);   // op(a): [3, 5, 4]
                    INDArray b = tb ? Nd4j.rand(type, 3, 6, 4) : Nd4j.rand(type, 3, 4, 6);   // op(b): [3, 4, 6]
                    assertProduct(a, b, ta, tb, tol);
                }
            }
        }
    }

    @Test
    void viewsWithAnOffsetAndPermutedArraysAreRead() {
        Nd4j.getRandom().setSeed(8);
        INDArray big = Nd4j.rand(DataType.DOUBLE, 5, 4, 3);
        INDArray slice = big.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all(), NDArrayIndex.all()); // offset 24
        INDArray permuted = Nd4j.rand(DataType.DOUBLE, 3, 2, 4).permute(0, 2, 1);                     // [3, 4, 2]
        assertProduct(slice, Nd4j.rand(DataType.DOUBLE, 3, 3, 2), false, false, 1e-12);
        assertProduct(Nd4j.rand(DataType.DOUBLE, 3, 6, 4), permuted, false, false, 1e-12);
    }

    @Test
    void aResultThatIsNotDenseIsRefused() {
        INDArray a = Nd4j.rand(DataType.DOUBLE, 2, 3, 3);
        INDArray c = Nd4j.create(DataType.DOUBLE, 2, 3, 3).permute(0, 2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScaledDotProductAttention.bmm(a, a, c, false, false, 1.0));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("dense"), e.getMessage());
    }

    @Test
    void mixedFloatAndDoubleOperandsAreRefusedInsteadOfReadAsTheWrongType() {
        INDArray q = Nd4j.rand(DataType.FLOAT, 2, 3, 4);
        INDArray k = Nd4j.rand(DataType.DOUBLE, 2, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScaledDotProductAttention(1).forward(q, k, k, null, false));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("FLOAT, DOUBLE"), e.getMessage());
    }
}
