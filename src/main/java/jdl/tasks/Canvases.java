package jdl.tasks;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.data.ImageSet;
import jdl.nn.Batches;
import jdl.nn.kernels.HostArrays;
import jdl.nn.Rng;

/**
 * The data of the hard-attention chapter (Mnih et al. 2014, section 4.1): each 28×28 Fashion-MNIST item placed at a
 * random position on a larger black canvas (60×60 in the paper), fully inside it. The <b>cluttered</b> variant adds
 * {@code pieces} random square pieces ({@code pieceSize}×{@code pieceSize}, the paper: four of 8×8) cut from other
 * random items and put at random places, so that a model must find the item among distractors. Pixels are combined
 * by their maximum (the item over the clutter).
 *
 * @param images    the canvases [n, side·side] in [0, 1], row-major
 * @param labels    the item's class per canvas
 * @param positions per canvas the item's top row and left column
 * @param side      the canvas side in pixels
 */
public record Canvases(INDArray images, int[] labels, int[][] positions, int side) {

    public static final int ITEM = 28;

    public Canvases {
        if (images.rank() != 2 || images.columns() != (long) side * side || images.rows() != labels.length
                || positions.length != labels.length) {
            throw new IllegalArgumentException("images: expected shape [" + labels.length + ", " + side * side
                    + "] with one label and position per canvas, got " + Arrays.toString(images.shape()) + ", "
                    + labels.length + " labels and " + positions.length + " positions");
        }
    }

    /** Items at random places on a {@code side}×{@code side} canvas, no clutter. */
    public static Canvases translated(ImageSet items, int count, int side, long seed) {
        return generate(items, count, side, 0, 8, seed);
    }

    /** Items at random places plus {@code pieces} random {@code pieceSize}×{@code pieceSize} pieces of other items. */
    public static Canvases cluttered(ImageSet items, int count, int side, int pieces, int pieceSize, long seed) {
        return generate(items, count, side, pieces, pieceSize, seed);
    }

    /** Either variant; all random choices come from {@code seed}. */
    public static Canvases generate(ImageSet items, int count, int side, int pieces, int pieceSize, long seed) {
        if (items == null || items.height() != ITEM || items.width() != ITEM) {
            throw new IllegalArgumentException("items: expected 28x28 images (Fashion-MNIST), got "
                    + (items == null ? "null" : items.height() + "x" + items.width()));
        }
        if (count < 1) {
            throw new IllegalArgumentException("count: expected at least 1 canvas, got " + count);
        }
        if (side < ITEM) {
            throw new IllegalArgumentException("side: expected at least " + ITEM + " (the item must fit), got " + side);
        }
        if (pieces < 0) {
            throw new IllegalArgumentException("pieces: expected 0 or more clutter pieces, got " + pieces);
        }
        if (pieceSize < 1 || pieceSize > ITEM) {
            throw new IllegalArgumentException("pieceSize: expected 1.." + ITEM + ", got " + pieceSize);
        }
        return generate(HostArrays.floats(items.images()), items.labels(), count, side, pieces, pieceSize, seed);
    }

    /**
     * A stream of training batches: {@code batches.apply(s)} is {@code count} new canvases drawn with the seed
     * {@code seed + s}, the same as {@code generate(items, count, side, pieces, pieceSize, seed + s)}, without copying
     * the items' pixels again for every batch.
     */
    public static java.util.function.IntFunction<Canvases> batches(ImageSet items, int count, int side, int pieces,
                                                                   int pieceSize, long seed) {
        generate(items, 1, side, pieces, pieceSize, seed);          // validates the arguments once
        float[] source = HostArrays.floats(items.images());
        int[] labels = items.labels().clone();
        return step -> generate(source, labels, count, side, pieces, pieceSize, seed + step);
    }

    private static Canvases generate(float[] source, int[] itemLabels, int count, int side, int pieces, int pieceSize,
                                     long seed) {
        Rng rng = new Rng(seed);
        int itemCount = itemLabels.length;
        int area = side * side;
        float[] pixels = new float[count * area];
        int[] labels = new int[count];
        int[][] positions = new int[count][];
        for (int s = 0; s < count; s++) {
            int item = rng.nextInt(itemCount);
            for (int k = 0; k < pieces; k++) {           // clutter first: a piece of another random item
                int other = rng.nextInt(itemCount);
                int fromTop = rng.nextInt(ITEM - pieceSize + 1);
                int fromLeft = rng.nextInt(ITEM - pieceSize + 1);
                int top = rng.nextInt(side - pieceSize + 1);
                int left = rng.nextInt(side - pieceSize + 1);
                paste(source, other * ITEM * ITEM + fromTop * ITEM + fromLeft, pieceSize, pixels, s * area, side, top, left);
            }
            int top = rng.nextInt(side - ITEM + 1);            // the item, fully inside the canvas
            int left = rng.nextInt(side - ITEM + 1);
            paste(source, item * ITEM * ITEM, ITEM, pixels, s * area, side, top, left);
            labels[s] = itemLabels[item];
            positions[s] = new int[] {top, left};
        }
        return new Canvases(Nd4j.create(pixels, new long[] {count, area}, DataType.FLOAT), labels, positions, side);
    }

    /** Copies a size×size square of a 28×28 source (from offset {@code from}) onto a canvas, keeping the maximum. */
    private static void paste(float[] source, int from, int size, float[] canvas, int canvasOffset, int side, int top,
                              int left) {
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int at = canvasOffset + (top + y) * side + left + x;
                canvas[at] = Math.max(canvas[at], source[from + y * ITEM + x]);
            }
        }
    }

    public int size() {
        return labels.length;
    }

    /** The pixels of the canvases {@code index} one after the other (side² values each), for the glimpse sensor. */
    public float[] pixels(int[] index) {
        return HostArrays.floats(Batches.rows(images, index));
    }

    /** The pixels of all canvases one after the other, without gathering rows first (e.g. a whole training batch). */
    public float[] pixels() {
        return HostArrays.floats(images);
    }

    /** The pixels of canvases {@code from} (inclusive) to {@code to} (exclusive). */
    public float[] pixels(int from, int to) {
        return pixels(java.util.stream.IntStream.range(from, to).toArray());
    }

    /** The labels of the canvases {@code index}. */
    public int[] labels(int[] index) {
        return Batches.take(labels, index);
    }

    /** The canvases {@code index}, in that order, as a copy (e.g. a training batch). */
    public Canvases select(int[] index) {
        int[][] at = new int[index.length][];
        for (int i = 0; i < index.length; i++) {
            at[i] = positions[index[i]];
        }
        return new Canvases(Batches.rows(images, index), labels(index), at, side);
    }

    /** Canvases {@code from} (inclusive) to {@code to} (exclusive), as a copy. */
    public Canvases slice(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IllegalArgumentException("from, to: expected 0 <= from < to <= " + size() + ", got " + from
                    + " and " + to);
        }
        return new Canvases(images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(), Arrays.copyOfRange(labels, from, to),
                Arrays.copyOfRange(positions, from, to), side);
    }
}
