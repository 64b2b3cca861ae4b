package jdl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** ReLU and LeakyReLU on known values (the gradient checks in GradientCheckTest avoid x = 0). */
class RectifierTest {

    private static final double[] X = {-2, -0.5, 0.25, 3};
    private static final double[] DY = {1, 2, 3, 4};

    private static INDArray row(double[] v, DataType dtype) {
        return Nd4j.create(v, new long[] {1, v.length}, DataType.DOUBLE).castTo(dtype);
    }

    @Test
    void reluPassesPositiveInputsAndTheirGradientsOnly() {
        for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Relu relu = new Relu();
            INDArray x = row(X, dtype);
            assertArrayEquals(new double[] {0, 0, 0.25, 3}, relu.forward(x).toDoubleVector(), 0);
            assertArrayEquals(new double[] {0, 0, 3, 4}, relu.backward(row(DY, dtype)).toDoubleVector(), 0);
            assertArrayEquals(X, x.toDoubleVector(), 0);   // the input is left as it was
        }
    }

    @Test
    void leakyReluScalesNegativeInputsAndTheirGradientsByAlpha() {
        for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            LeakyRelu leaky = new LeakyRelu(0.25);
            INDArray x = row(X, dtype);
            assertArrayEquals(new double[] {-0.5, -0.125, 0.25, 3}, leaky.forward(x).toDoubleVector(), 0);
            assertArrayEquals(new double[] {0.25, 0.5, 3, 4}, leaky.backward(row(DY, dtype)).toDoubleVector(), 0);
            assertArrayEquals(X, x.toDoubleVector(), 0);
        }
    }

    @Test
    void backwardNeedsForwardAndAGradientOfTheSameShape() {
        assertThrows(IllegalStateException.class, () -> new Relu().backward(row(DY, DataType.FLOAT)));
        LeakyRelu leaky = new LeakyRelu(0.1);
        leaky.forward(row(X, DataType.FLOAT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> leaky.backward(Nd4j.zeros(DataType.FLOAT, 2, 4)));
        assertEquals(true, e.getMessage().startsWith("dy"), e.getMessage());
    }

    @Test
    void rngArraysHoldTheSameValuesInFloatAsACastFromDouble() {
        double[] v = new Rng(5).normal(DataType.DOUBLE, 1.0, 3, 4).dup('c').data().asDouble();
        INDArray direct = Rng.array(v, new long[] {3, 4}, DataType.FLOAT);
        INDArray cast = Nd4j.create(v, new long[] {3, 4}, DataType.DOUBLE).castTo(DataType.FLOAT);
        assertEquals(DataType.FLOAT, direct.dataType());
        assertEquals(cast, direct);
        assertEquals(new Rng(5).normal(DataType.FLOAT, 1.0, 3, 4), cast);
    }
}
