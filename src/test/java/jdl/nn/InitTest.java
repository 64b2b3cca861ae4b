package jdl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class InitTest {

    @Test
    void orthogonalMatricesHaveOrthonormalColumnsOrRows() {
        INDArray tall = Init.ORTHOGONAL.sample(8, 5, new Rng(1), DataType.DOUBLE);
        assertTrue(tall.transpose().mmul(tall).equalsWithEps(Nd4j.eye(5).castTo(DataType.DOUBLE), 1e-12));
        INDArray wide = Init.ORTHOGONAL.sample(3, 7, new Rng(1), DataType.DOUBLE);
        assertTrue(wide.mmul(wide.transpose()).equalsWithEps(Nd4j.eye(3).castTo(DataType.DOUBLE), 1e-12));
        INDArray square = Init.ORTHOGONAL.sample(16, 16, new Rng(2), DataType.DOUBLE);
        // every singular value is 1, so the spectral norm is 1
        assertEquals(1.0, square.mmul(Nd4j.ones(DataType.DOUBLE, 16, 1).divi(4)).norm2Number().doubleValue(), 1e-12);
    }

    @Test
    void varianceFollowsTheFanRule() {
        INDArray he = Init.HE_NORMAL.sample(400, 300, new Rng(3), DataType.DOUBLE);
        assertEquals(2.0 / 400, he.varNumber().doubleValue(), 0.05 * 2.0 / 400);
        INDArray xavier = Init.XAVIER_UNIFORM.sample(400, 300, new Rng(3), DataType.DOUBLE);
        assertEquals(2.0 / 700, xavier.varNumber().doubleValue(), 0.05 * 2.0 / 700);
        assertEquals(0.0, Init.ZEROS.sample(3, 3, new Rng(3), DataType.DOUBLE).norm2Number().doubleValue());
    }

    @Test
    void theSameSeedGivesTheSameWeightsInFloatAndDouble() {
        INDArray a = Init.XAVIER_NORMAL.sample(20, 10, new Rng(42), DataType.DOUBLE);
        INDArray b = Init.XAVIER_NORMAL.sample(20, 10, new Rng(42), DataType.FLOAT);
        INDArray c = Init.XAVIER_NORMAL.sample(20, 10, new Rng(43), DataType.DOUBLE);
        assertTrue(a.equalsWithEps(b.castTo(DataType.DOUBLE), 1e-7));
        assertTrue(a.distance2(c) > 0.1);
    }
}
