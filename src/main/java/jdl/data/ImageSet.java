package jdl.data;

import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Labelled grey-scale images as arrays: {@code images} has one row per image with
 * {@code height * width} pixel values in [0, 1]; {@code labels[i]} is the class index of row i.
 */
public record ImageSet(INDArray images, int[] labels, int height, int width, List<String> classNames) {

    public ImageSet {
        if (images.rank() != 2 || images.columns() != (long) height * width) {
            throw new IllegalArgumentException("images: expected shape [n, " + (height * width) + "], got "
                    + Arrays.toString(images.shape()));
        }
        if (images.rows() != labels.length) {
            throw new IllegalArgumentException("labels: expected " + images.rows() + " (one per image), got "
                    + labels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("labels[" + i + "]: expected 0.." + (classNames.size() - 1)
                        + ", got " + labels[i]);
            }
        }
        classNames = List.copyOf(classNames);
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** The first {@code n} images (a view of the same data). */
    public ImageSet head(int n) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException("n: expected 0.." + size() + ", got " + n);
        }
        return slice(0, n);
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive), e.g. a validation split (a view of the same data). */
    public ImageSet slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("from, to: expected 0 <= from <= to <= " + size() + ", got " + from
                    + " and " + to);
        }
        return new ImageSet(images.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                Arrays.copyOfRange(labels, from, to), height, width, classNames);
    }

    /** How many images each class has. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** The class names of the given images, e.g. captions for {@code Plots.imageGrid}. */
    public List<String> namesOf(int from, int to) {
        return Arrays.stream(labels, from, to).mapToObj(classNames::get).toList();
    }

    /** One-hot labels, shape [n, classes], in the images' data type. */
    public INDArray oneHot() {
        INDArray y = Nd4j.zeros(images.dataType(), labels.length, classNames.size());
        for (int i = 0; i < labels.length; i++) {
            y.putScalar(i, labels[i], 1.0);
        }
        return y;
    }
}
