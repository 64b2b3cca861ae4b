package jdl.tasks;

import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.nn.Batches;

/**
 * Images read as sequences: a height × width image becomes height time steps of width pixels, row by
 * row from the top (the "row-by-row" task of Le et al. 2015 uses single pixels; rows keep it short).
 */
public final class ImageRows {

    private ImageRows() {
    }

    /**
     * The images {@code index} of {@code images} [n, height·width] as a time-major sequence
     * [height, index.length, width].
     */
    public static INDArray sequences(INDArray images, int[] index, int height, int width) {
        if (images == null || images.rank() != 2 || images.size(1) != (long) height * width) {
            throw new IllegalArgumentException("images: expected [n, " + height * width + "] (height " + height
                    + " × width " + width + "), got " + (images == null ? "null" : java.util.Arrays.toString(images.shape())));
        }
        INDArray batch = Batches.rows(images, index);                          // [n, H·W]
        return batch.reshape('c', index.length, height, width).permute(1, 0, 2).dup('c');   // [H, n, W]
    }
}
