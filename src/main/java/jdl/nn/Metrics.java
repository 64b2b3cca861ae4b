package jdl.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Evaluation helpers: predictions in batches, accuracy, confusion matrices. */
public final class Metrics {

    private Metrics() {
    }

    /** The index of the largest entry of each row. */
    public static int[] argmax(INDArray scores) {
        Shapes.requireFeatures("scores", scores, -1, null);
        return Shapes.asMatrix(scores).argMax(1).toIntVector();
    }

    /** Fraction of rows whose largest score is at the true label. */
    public static double accuracy(INDArray scores, int[] labels) {
        int[] predicted = argmax(scores);
        return accuracy(predicted, labels);
    }

    public static double accuracy(int[] predicted, int[] labels) {
        if (predicted.length != labels.length || labels.length == 0) {
            throw new IllegalArgumentException("labels: expected " + predicted.length + " (one per prediction, at least 1), got "
                    + labels.length);
        }
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }

    /** counts[actual][predicted]. */
    public static int[][] confusion(int[] predicted, int[] labels, int classes) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException("labels: expected " + predicted.length + ", got " + labels.length);
        }
        if (classes < 1) {
            throw new IllegalArgumentException("classes: expected at least 1, got " + classes);
        }
        int[][] counts = new int[classes][classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes || predicted[i] < 0 || predicted[i] >= classes) {
                throw new IllegalArgumentException("labels[" + i + "] / predicted[" + i + "]: expected 0.." + (classes - 1)
                        + ", got " + labels[i] + " / " + predicted[i]);
            }
            counts[labels[i]][predicted[i]]++;
        }
        return counts;
    }

    /** Accuracy of binary predictions from logits (class 1 where the logit is above 0) against 0/1 targets. */
    public static double binaryAccuracy(INDArray logits, INDArray targets) {
        if (logits.length() != targets.length() || logits.length() == 0) {
            throw new IllegalArgumentException("targets: expected " + logits.length() + " (one per logit, at least 1), got "
                    + targets.length());
        }
        double[] z = logits.toDoubleVector();
        double[] y = targets.toDoubleVector();
        int right = 0;
        for (int i = 0; i < z.length; i++) {
            if ((z[i] > 0 ? 1.0 : 0.0) == y[i]) {
                right++;
            }
        }
        return (double) right / z.length;
    }

    /** Accuracy within each class: of the examples of class k, the fraction predicted as k (NaN for an absent class). */
    public static double[] accuracyPerClass(int[] predicted, int[] labels, int classes) {
        int[][] counts = confusion(predicted, labels, classes);
        double[] out = new double[classes];
        for (int k = 0; k < classes; k++) {
            int n = 0;
            for (int c : counts[k]) {
                n += c;
            }
            out[k] = n == 0 ? Double.NaN : (double) counts[k][k] / n;
        }
        return out;
    }

    /** How many examples only {@code a} gets right, and how many only {@code b}: {only a, only b}. */
    public static int[] onlyRight(int[] a, int[] b, int[] labels) {
        if (a.length != labels.length || b.length != labels.length) {
            throw new IllegalArgumentException("a, b, labels: expected the same length, got " + a.length + ", "
                    + b.length + " and " + labels.length);
        }
        int[] only = new int[2];
        for (int i = 0; i < labels.length; i++) {
            boolean rightA = a[i] == labels[i];
            boolean rightB = b[i] == labels[i];
            if (rightA && !rightB) {
                only[0]++;
            } else if (rightB && !rightA) {
                only[1]++;
            }
        }
        return only;
    }

    /** Runs {@code model} in evaluation mode on {@code x} in batches and stacks the outputs. */
    public static INDArray predict(Layer model, INDArray x, int batchSize) {
        Shapes.requireFeatures("x", x, -1, null);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: expected at least 1, got " + batchSize);
        }
        model.setTraining(false);
        try {
            long n = x.rows();
            INDArray out = null;
            for (long from = 0; from < n; from += batchSize) {
                long to = Math.min(n, from + batchSize);
                INDArray y = model.forward(x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
                if (out == null) {
                    out = Nd4j.create(y.dataType(), n, y.columns());
                }
                out.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(y);
            }
            return out;
        } finally {
            model.setTraining(true);
        }
    }
}
