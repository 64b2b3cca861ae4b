package jdl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Accuracy, confusion matrices and batched prediction on data made by hand. */
class MetricsTest {

    private static final INDArray SCORES = Nd4j.create(new double[] {
            0.1, 0.7, 0.2,      // predicts 1
            2.0, -1.0, 0.5,     // predicts 0
            -3.0, -2.0, -1.0,   // predicts 2
            0.3, 0.2, 0.9,      // predicts 2
    }, new long[] {4, 3}, DataType.DOUBLE);

    @Test
    void argmaxAndAccuracy() {
        assertArrayEquals(new int[] {1, 0, 2, 2}, Metrics.argmax(SCORES));
        assertEquals(0.75, Metrics.accuracy(SCORES, new int[] {1, 0, 2, 0}), 0);
        assertEquals(0.0, Metrics.accuracy(SCORES, new int[] {0, 1, 0, 1}), 0);
        assertEquals(1.0, Metrics.accuracy(new int[] {3}, new int[] {3}), 0);
        assertEquals(0.4, Metrics.accuracy(new int[] {0, 1, 2, 3, 4}, new int[] {0, 1, 0, 0, 0}), 1e-15);
        // a single row and a rank-3 stack of rows
        assertArrayEquals(new int[] {2}, Metrics.argmax(SCORES.getRow(3).reshape(1, 3)));
        assertArrayEquals(new int[] {1, 0, 2, 2}, Metrics.argmax(SCORES.reshape(2, 2, 3)));
    }

    @Test
    void confusionMatrix() {
        int[] predicted = {0, 1, 1, 2, 2, 2, 0};
        int[] labels = {0, 1, 2, 2, 1, 0, 0};
        int[][] counts = Metrics.confusion(predicted, labels, 3);
        assertArrayEquals(new int[][] {{2, 0, 1}, {0, 1, 1}, {0, 1, 1}}, counts, "counts[actual][predicted]");
        int diagonal = counts[0][0] + counts[1][1] + counts[2][2];
        assertEquals(Metrics.accuracy(predicted, labels), diagonal / 7.0, 1e-15);
        assertArrayEquals(new int[][] {{0, 0}, {0, 0}}, Metrics.confusion(new int[0], new int[0], 2));
    }

    @Test
    void predictInBatchesEqualsOneForward() {
        Params p = new Params(DataType.DOUBLE);
        Mlp mlp = new Mlp(p, "mlp", new MlpConfig(5, List.of(9), 4, Activation.RELU, 0.5), new Rng(1));
        p.pack();
        INDArray x = new Rng(2).normal(DataType.DOUBLE, 1.0, 23, 5);
        mlp.setTraining(false);
        double[] whole = Shapes.doubles(mlp.forward(x));
        mlp.setTraining(true);
        assertFalse(Arrays.equals(whole, Shapes.doubles(mlp.forward(x))), "in training, dropout changes the output");
        for (int batchSize : new int[] {1, 4, 23, 100}) {
            INDArray batched = Metrics.predict(mlp, x, batchSize);
            assertArrayEquals(new long[] {23, 4}, batched.shape());
            assertArrayEquals(whole, Shapes.doubles(batched), 1e-12, "batch size " + batchSize);
        }
        // on a view of a larger array, too
        INDArray bigger = new Rng(3).normal(DataType.DOUBLE, 1.0, 30, 5);
        bigger.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 27), org.nd4j.linalg.indexing.NDArrayIndex.all())
                .assign(x);
        INDArray view = bigger.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 27),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertArrayEquals(whole, Shapes.doubles(Metrics.predict(mlp, view, 6)), 1e-12, "a view as input");
    }

    @Test
    void perClassAccuracyExclusiveRightsAndBinaryAccuracy() {
        int[] labels = {0, 0, 1, 1, 2};
        int[] a = {0, 1, 1, 1, 0};
        int[] b = {0, 0, 0, 1, 2};
        double[] perClass = Metrics.accuracyPerClass(a, labels, 4);
        assertEquals(0.5, perClass[0], 0);
        assertEquals(1.0, perClass[1], 0);
        assertEquals(0.0, perClass[2], 0);
        assertTrue(Double.isNaN(perClass[3]));
        assertArrayEquals(new int[] {1, 2}, Metrics.onlyRight(a, b, labels));
        INDArray logits = Nd4j.create(new double[] {2.0, -1.0, 0.5, -0.1});
        INDArray targets = Nd4j.create(new double[] {1, 0, 0, 1});
        assertEquals(0.5, Metrics.binaryAccuracy(logits, targets), 0);
        assertEquals("targets: expected 4 (one per logit, at least 1), got 3", assertThrows(IllegalArgumentException.class,
                () -> Metrics.binaryAccuracy(logits, Nd4j.create(new double[] {1, 0, 0}))).getMessage());
    }
}
