package jdl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded minibatches: each epoch a permutation, the same for the same seed. */
class BatchesTest {

    private static final int N = 23;
    private static final int BATCH = 5;

    /** The index order of each of {@code epochs} epochs, and checks the batch sizes on the way. */
    private static List<int[]> epochs(Batches batches, int epochs) {
        List<int[]> orders = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            int[] order = new int[0];
            for (int b = 0; b < batches.perEpoch(); b++) {
                int[] batch = batches.next();
                assertEquals(b < batches.perEpoch() - 1 ? BATCH : N - (batches.perEpoch() - 1) * BATCH, batch.length,
                        "size of batch " + b + " of epoch " + e);
                order = IntStream.concat(Arrays.stream(order), Arrays.stream(batch)).toArray();
            }
            orders.add(order);
        }
        return orders;
    }

    @Test
    void everyEpochVisitsEveryExampleOnce() {
        Batches batches = new Batches(N, BATCH, new Rng(7));
        assertEquals(5, batches.perEpoch());
        int[] identity = IntStream.range(0, N).toArray();
        List<int[]> orders = epochs(batches, 3);
        for (int[] order : orders) {
            assertArrayEquals(identity, Arrays.stream(order).sorted().toArray(), "a permutation of 0..n-1");
            assertFalse(Arrays.equals(identity, order), "shuffled");
        }
        assertFalse(Arrays.equals(orders.get(0), orders.get(1)), "reshuffled every epoch");
        assertFalse(Arrays.equals(orders.get(1), orders.get(2)), "reshuffled every epoch");
    }

    @Test
    void theSameSeedGivesTheSameBatches() {
        List<int[]> a = epochs(new Batches(N, BATCH, new Rng(7)), 3);
        List<int[]> b = epochs(new Batches(N, BATCH, new Rng(7)), 3);
        List<int[]> c = epochs(new Batches(N, BATCH, new Rng(8)), 3);
        for (int e = 0; e < 3; e++) {
            assertArrayEquals(a.get(e), b.get(e), "epoch " + e);
        }
        assertFalse(Arrays.equals(a.get(0), c.get(0)), "another seed, another order");
    }

    @Test
    void epochCountsCompletedPasses() {
        Batches batches = new Batches(N, BATCH, new Rng(7));
        assertEquals(0, batches.epoch());
        for (int b = 0; b < batches.perEpoch() - 1; b++) {
            batches.next();
        }
        assertEquals(0, batches.epoch(), "one batch of the first epoch left");
        batches.next();
        assertEquals(1, batches.epoch(), "after the last batch of the first pass, one pass is complete");
        batches.next();
        assertEquals(1, batches.epoch());
        // the usual loop trains exactly epochs × n examples
        Batches fresh = new Batches(N, BATCH, new Rng(7));
        int seen = 0;
        while (fresh.epoch() < 2) {
            seen += fresh.next().length;
        }
        assertEquals(2 * N, seen);
    }

    @Test
    void withoutARngTheOrderIsFixed() {
        Batches batches = new Batches(7, 3, null);
        assertArrayEquals(new int[] {0, 1, 2}, batches.next());
        assertArrayEquals(new int[] {3, 4, 5}, batches.next());
        assertArrayEquals(new int[] {6}, batches.next());
        assertArrayEquals(new int[] {0, 1, 2}, batches.next());
        Batches one = new Batches(4, 10, null);
        assertEquals(1, one.perEpoch());
        assertArrayEquals(new int[] {0, 1, 2, 3}, one.next());
        assertArrayEquals(new int[] {0, 1, 2, 3}, one.next());
    }

    @Test
    void rowsAndLabelsOfABatchStayTogether() {
        INDArray x = Nd4j.create(new double[] {0, 0, 10, 11, 20, 21, 30, 31}, new long[] {4, 2}, DataType.DOUBLE);
        int[] labels = {100, 101, 102, 103};
        int[] index = {3, 1};
        assertArrayEquals(new double[] {30, 31, 10, 11}, Shapes.doubles(Batches.rows(x, index)), 0);
        assertArrayEquals(new int[] {103, 101}, Batches.take(labels, index));
    }
}
