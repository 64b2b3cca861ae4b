package jdl.nn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import jdl.nn.Rng;

/** The checked BLAS calls against ND4J's mmul, on views, in both data types, and their refusals. */
class BlasTest {

    private final Rng rng = new Rng(9);

    @Test
    void gemmMatchesMmulForEveryTransposeAndBothTypes() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    INDArray a = rng.normal(type, 1.0, ta ? 7 : 5, ta ? 5 : 7);
                    INDArray b = rng.normal(type, 1.0, tb ? 3 : 7, tb ? 7 : 3);
                    INDArray c = rng.normal(type, 1.0, 5, 3);
                    INDArray expected = (ta ? a.transpose() : a).mmul(tb ? b.transpose() : b).muli(0.5).addi(c.mul(2));
                    Blas.gemm(a, b, c, ta, tb, 0.5, 2.0);
                    assertTrue(expected.equalsWithEps(c, type == DataType.FLOAT ? 1e-5 : 1e-12), "ta=" + ta + " tb=" + tb + " " + type);
                }
            }
        }
    }

    @Test
    void gemmWritesIntoARowBlockViewAndReadsARank3ArrayAsAMatrix() {
        INDArray big = Nd4j.zeros(DataType.FLOAT, 10, 4);
        INDArray rows = big.get(NDArrayIndex.interval(4, 6), NDArrayIndex.all());
        INDArray a = rng.normal(DataType.FLOAT, 1.0, 2, 3);
        INDArray w = rng.normal(DataType.FLOAT, 1.0, 3, 4);
        Blas.gemm(a, w, rows, false, false, 1.0, 0.0);
        assertTrue(a.mmul(w).equalsWithEps(big.get(NDArrayIndex.interval(4, 6), NDArrayIndex.all()), 1e-5));
        assertEquals(0.0, big.get(NDArrayIndex.interval(0, 4), NDArrayIndex.all()).amaxNumber().doubleValue(), 0.0);
        INDArray x3 = rng.normal(DataType.FLOAT, 1.0, 2, 5, 3);                       // [T, N, D] read as [T·N, D]
        INDArray y = Nd4j.zeros(DataType.FLOAT, 10, 4);
        Blas.gemm(x3, 10, 3, w, 3, 4, y, 10, 4, false, false, 1.0, 0.0);
        assertTrue(x3.reshape(10, 3).mmul(w).equalsWithEps(y, 1e-5));
    }

    @Test
    void batchedGemmMatchesOneProductPerBatchEntry() {
        INDArray a = rng.normal(DataType.FLOAT, 1.0, 4, 6, 5);
        INDArray b = rng.normal(DataType.FLOAT, 1.0, 4, 7, 5);
        INDArray c = Nd4j.create(DataType.FLOAT, 4, 6, 7);
        Blas.batchedGemm(a, b, c, false, true, 0.25);
        for (int i = 0; i < 4; i++) {
            INDArray expected = a.slice(i).mmul(b.slice(i).transpose()).muli(0.25);
            assertTrue(expected.equalsWithEps(c.slice(i), 1e-5), "batch entry " + i);
        }
    }

    @Test
    void mixedTypesDisagreeingShapesAndStridedBlocksAreRefusedByName() {
        INDArray f = Nd4j.zeros(DataType.FLOAT, 3, 3);
        INDArray d = Nd4j.zeros(DataType.DOUBLE, 3, 3);
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () -> Blas.gemm(f, d, f, false, false, 1, 0));
        assertTrue(mixed.getMessage().contains("FLOAT, DOUBLE and FLOAT"), mixed.getMessage());
        IllegalArgumentException mixed3 = assertThrows(IllegalArgumentException.class, () -> Blas.batchedGemm(
                Nd4j.zeros(DataType.FLOAT, 2, 3, 3), Nd4j.zeros(DataType.DOUBLE, 2, 3, 3), Nd4j.zeros(DataType.FLOAT, 2, 3, 3), false, false, 1));
        assertTrue(mixed3.getMessage().contains("data type"), mixed3.getMessage());
        IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class,
                () -> Blas.gemm(f, Nd4j.zeros(DataType.FLOAT, 4, 2), Nd4j.zeros(DataType.FLOAT, 3, 2), false, false, 1, 0));
        assertTrue(shapes.getMessage().contains("do not agree"), shapes.getMessage());
        INDArray columns = Nd4j.zeros(DataType.FLOAT, 4, 6).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3));
        IllegalArgumentException strided = assertThrows(IllegalArgumentException.class,
                () -> Blas.gemm(columns, 4, 3, f, 3, 3, Nd4j.zeros(DataType.FLOAT, 4, 3), 4, 3, false, false, 1, 0));
        assertTrue(strided.getMessage().contains("contiguous"), strided.getMessage());
        INDArray out = Nd4j.zeros(DataType.FLOAT, 4, 3);
        Blas.gemm(columns, f, out, false, false, 1, 0);                   // a column view goes through ND4J's gemm
        assertArrayEquals(new long[] {4, 3}, out.shape());
    }

    @Test
    void hostCopiesMoveARangeAndRefuseWrongTypesAndRanges() {
        INDArray m = Nd4j.arange(12).castTo(DataType.FLOAT).reshape(3, 4);
        float[] into = new float[6];
        HostArrays.read(m.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all()), 2, into, 1, 4);
        assertArrayEquals(new float[] {0, 6, 7, 8, 9, 0}, into);
        HostArrays.write(new float[] {-1, -2}, 0, 2, m, 10);
        assertEquals(-2.0, m.getDouble(2, 3), 0.0);
        assertThrows(IllegalArgumentException.class, () -> HostArrays.read(m.castTo(DataType.DOUBLE), 0, into, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> HostArrays.read(m, 10, into, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> HostArrays.read(m, 0, into, 4, 3));
    }
}
