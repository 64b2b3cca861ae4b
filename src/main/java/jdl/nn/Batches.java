package jdl.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded minibatches over n examples: each epoch visits every example once in an order shuffled by
 * the {@link Rng}; {@link #next()} moves on to the next epoch (and reshuffles) by itself. The last
 * batch of an epoch may be smaller.
 */
public final class Batches {

    private final int n;
    private final int batchSize;
    private final Rng rng;
    private int[] order;
    private int position;
    private int epoch;

    public Batches(int n, int batchSize, Rng rng) {
        if (n < 1) {
            throw new IllegalArgumentException("n: expected at least 1 example, got " + n);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: expected at least 1, got " + batchSize);
        }
        this.n = n;
        this.batchSize = batchSize;
        this.rng = rng;
        this.order = rng == null ? identity(n) : rng.permutation(n);
    }

    /** Indices of the next minibatch. */
    public int[] next() {
        if (position >= n) {            // the last batch ended a pass: start the next, reshuffled
            position = 0;
            order = rng == null ? order : rng.permutation(n);
        }
        int size = Math.min(batchSize, n - position);
        int[] batch = new int[size];
        System.arraycopy(order, position, batch, 0, size);
        position += size;
        if (position >= n) {
            epoch++;                    // this batch completed a pass
        }
        return batch;
    }

    /** Completed passes over the data. */
    public int epoch() {
        return epoch;
    }

    /** Batches per epoch. */
    public int perEpoch() {
        return (n + batchSize - 1) / batchSize;
    }

    /** The rows {@code index} of {@code x} (a copy), e.g. a minibatch of images. */
    public static INDArray rows(INDArray x, int[] index) {
        // one native gather: INDArray.getRows copies row by row, about 20 times slower for 128 rows of 784
        return x.rank() == 2 && index.length > 0 ? Nd4j.pullRows(x, 1, index) : x.getRows(index);
    }

    /** The entries {@code index} of {@code labels}. */
    public static int[] take(int[] labels, int[] index) {
        int[] out = new int[index.length];
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= labels.length) {
                throw new IllegalArgumentException("index[" + i + "]: expected 0.." + (labels.length - 1) + ", got " + index[i]);
            }
            out[i] = labels[index[i]];
        }
        return out;
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }
}
