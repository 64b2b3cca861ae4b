package jdl.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.IDXDataSource;
import org.tribuo.impl.ArrayExample;

/**
 * The course's Fashion-MNIST subset (20,000 training and 4,000 test images of 28×28 pixels, 10 classes;
 * see {@code data/README.md}), checksum-verified, as arrays for the models ({@link #load}) or as a
 * Tribuo data set ({@link #tribuo}) for Tribuo's trainers and evaluators.
 */
public final class FashionMnist {

    public static final int HEIGHT = 28;
    public static final int WIDTH = 28;
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Which part of the data. */
    public enum Split {
        TRAIN("train"), TEST("t10k");

        final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }
    }

    private FashionMnist() {
    }

    /** The training images as arrays (pixels scaled to [0, 1], float). */
    public static ImageSet train() {
        return load(Split.TRAIN);
    }

    /** The test images as arrays. */
    public static ImageSet test() {
        return load(Split.TEST);
    }

    /**
     * A split as a Tribuo data set: one {@link Example} per image with 784 pixel features (0–255) and
     * a {@link Label} "0"–"9" (the index into {@link #CLASS_NAMES}). Use it with Tribuo's trainers and
     * evaluators.
     */
    public static MutableDataset<Label> tribuo(Split split) {
        Path images = DataFiles.verified("fashion-mnist/" + split.prefix + "-images-idx3-ubyte.gz");
        Path labels = DataFiles.verified("fashion-mnist/" + split.prefix + "-labels-idx1-ubyte.gz");
        try {
            return new MutableDataset<>(new IDXDataSource<>(images, labels, new LabelFactory()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Fashion-MNIST " + split + " from " + images, e);
        }
    }

    /** A split as arrays: images [n, 784] in [0, 1] (float) and class indices. */
    public static ImageSet load(Split split) {
        Idx images = Idx.read(DataFiles.verified("fashion-mnist/" + split.prefix + "-images-idx3-ubyte.gz"));
        Idx labels = Idx.read(DataFiles.verified("fashion-mnist/" + split.prefix + "-labels-idx1-ubyte.gz"));
        int n = labels.shape()[0];
        if (images.shape().length != 3 || images.shape()[0] != n || images.shape()[1] != HEIGHT
                || images.shape()[2] != WIDTH) {
            throw new IllegalStateException("Fashion-MNIST " + split + ": expected images of shape [" + n + ", "
                    + HEIGHT + ", " + WIDTH + "], got " + java.util.Arrays.toString(images.shape()));
        }
        float[] pixels = new float[n * HEIGHT * WIDTH];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = images.unsigned(i) / 255f;
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.unsigned(i);
        }
        return new ImageSet(Nd4j.create(pixels, new long[] {n, HEIGHT * WIDTH}, DataType.FLOAT), y,
                HEIGHT, WIDTH, CLASS_NAMES);
    }

    /**
     * Images [n, 784] with pixels in [0, 1] (real or generated) as Tribuo examples in the encoding of
     * {@link #tribuo}: features named like its pixel features ("000"–"783"), values 0–255, zero pixels left
     * out. {@code labels} may be {@code null} (unlabelled, e.g. to classify generated images with a Tribuo
     * model trained on {@code tribuo(Split.TRAIN)}).
     */
    public static List<Example<Label>> tribuoExamples(INDArray images, int[] labels) {
        int pixels = HEIGHT * WIDTH;
        if (images.rank() != 2 || images.columns() != pixels) {
            throw new IllegalArgumentException("images: expected shape [n, " + pixels + "], got "
                    + java.util.Arrays.toString(images.shape()));
        }
        int n = (int) images.rows();
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException("labels: expected " + n + " (one per image), got " + labels.length);
        }
        String[] names = new String[pixels];
        for (int j = 0; j < pixels; j++) {
            names[j] = String.format("%03d", j);   // IDXDataSource pads pixel indices to the width of "784"
        }
        float[] v = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
        List<Example<Label>> examples = new java.util.ArrayList<>(n);
        String[] rowNames = new String[pixels];
        double[] rowValues = new double[pixels];
        for (int i = 0; i < n; i++) {
            Label label = labels == null ? LabelFactory.UNKNOWN_LABEL : new Label(String.valueOf(labels[i]));
            int nonZero = 0;
            for (int j = 0; j < pixels; j++) {
                double value = Math.round(255.0 * Math.min(1.0, Math.max(0.0, v[i * pixels + j])));
                if (value != 0) {
                    rowNames[nonZero] = names[j];
                    rowValues[nonZero] = value;
                    nonZero++;
                }
            }
            // all features at once, already in name order: adding them one by one re-sorts the example each time,
            // which took seconds for 1,000 generated images (they have almost no zero pixels)
            examples.add(new ArrayExample<>(label, java.util.Arrays.copyOf(rowNames, nonZero),
                    java.util.Arrays.copyOf(rowValues, nonZero)));
        }
        return examples;
    }

    /** Converts a Tribuo data set of 28×28 images (features named by pixel index) to arrays. */
    public static ImageSet toImageSet(Iterable<Example<Label>> dataset) {
        java.util.ArrayList<float[]> rows = new java.util.ArrayList<>();
        java.util.ArrayList<Integer> labels = new java.util.ArrayList<>();
        for (Example<Label> example : dataset) {
            float[] pixels = new float[HEIGHT * WIDTH];
            for (Feature feature : example) {
                int index = Integer.parseInt(feature.getName().strip());
                pixels[index] = (float) (feature.getValue() / 255.0);
            }
            rows.add(pixels);
            labels.add(Integer.parseInt(example.getOutput().getLabel()));
        }
        float[] flat = new float[rows.size() * HEIGHT * WIDTH];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, flat, i * HEIGHT * WIDTH, HEIGHT * WIDTH);
        }
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        return new ImageSet(Nd4j.create(flat, new long[] {rows.size(), HEIGHT * WIDTH}, DataType.FLOAT), y,
                HEIGHT, WIDTH, CLASS_NAMES);
    }
}
