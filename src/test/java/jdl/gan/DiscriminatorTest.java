package jdl.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.Params;
import jdl.nn.Rng;

class DiscriminatorTest {

    @Test
    void probability1dIsDOfEachGridPoint() {
        GanConfig config = GanConfig.small(4, 1, 8, 3);
        Discriminator d = new Discriminator(config, new Params(DataType.DOUBLE), new Rng(3));
        double[] xs = {-2, -0.5, 0, 1.25, 3};
        double[] curve = d.probability1d(xs);
        assertEquals(xs.length, curve.length);
        for (int i = 0; i < xs.length; i++) {
            double one = d.probability(Nd4j.create(new double[][] {{xs[i]}}), null)[0];
            assertEquals(one, curve[i], 1e-12, "x = " + xs[i]);
            assertTrue(curve[i] > 0 && curve[i] < 1);
        }
        // the same points in one batch: the same values
        assertArrayEquals(d.probability(Nd4j.create(xs, new long[] {xs.length, 1}, DataType.DOUBLE), null), curve, 1e-12);
    }

    @Test
    void probability1dRejectsDataOfMoreDimensions() {
        Discriminator d = new Discriminator(GanConfig.small(4, 2, 8, 3), new Params(DataType.FLOAT), new Rng(3));
        var e = assertThrows(IllegalStateException.class, () -> d.probability1d(new double[] {0}));
        assertTrue(e.getMessage().contains("dataDim = 2"), e.getMessage());
    }
}
