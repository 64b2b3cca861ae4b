package jdl.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.Rng;

/**
 * A toy task where only the order of words matters: each sentence holds "are" and "you" among other
 * words, in random order and of random length (3–6 words); the label is 1 if "are" comes before "you"
 * ("how are you") and 0 otherwise ("how you are"). A bag-of-words model sees the same counts for both
 * labels and cannot beat chance; a recurrent network can.
 */
public final class WordOrder {

    public static final List<String> WORDS = List.of("how", "are", "you", "today", "really", "doing", "well", "so");
    private static final int ARE = 1;
    private static final int YOU = 2;

    /** A padded, time-major batch: one-hot words x [T, n, V], mask [T, n], labels y [n, 1], and the sentences. */
    public record Batch(INDArray x, INDArray mask, INDArray y, List<String> sentences) {
    }

    private WordOrder() {
    }

    public static int vocabulary() {
        return WORDS.size();
    }

    /** One-hot encodes sentences (words from {@link #WORDS}) into a padded batch with its mask. */
    public static Batch encode(List<String> sentences, double[] labels, DataType dtype) {
        int n = sentences.size();
        int v = WORDS.size();
        List<String[]> split = new ArrayList<>();
        int T = 0;
        for (String s : sentences) {
            String[] words = s.strip().split("\\s+");
            split.add(words);
            T = Math.max(T, words.length);
        }
        double[] x = new double[T * n * v];
        double[] m = new double[T * n];
        for (int i = 0; i < n; i++) {
            String[] words = split.get(i);
            for (int t = 0; t < words.length; t++) {
                int id = WORDS.indexOf(words[t]);
                if (id < 0) {
                    throw new IllegalArgumentException("sentences[" + i + "]: unknown word '" + words[t] + "'; the vocabulary is " + WORDS);
                }
                x[(t * n + i) * v + id] = 1;
                m[t * n + i] = 1;
            }
        }
        return new Batch(Nd4j.create(x, new long[] {T, n, v}, DataType.DOUBLE).castTo(dtype),
                Nd4j.create(m, new long[] {T, n}, DataType.DOUBLE).castTo(dtype),
                Nd4j.create(labels, new long[] {n, 1}, DataType.DOUBLE).castTo(dtype), List.copyOf(sentences));
    }

    /** n random sentences of 3 to 6 words, half of each label. */
    public static Batch batch(int n, Rng rng, DataType dtype) {
        return batch(n, 3, 6, rng, dtype);
    }

    /** n random sentences of minLength to maxLength words (both included, at least 2), half of each label. */
    public static Batch batch(int n, int minLength, int maxLength, Rng rng, DataType dtype) {
        if (minLength < 2 || maxLength < minLength) {
            throw new IllegalArgumentException("minLength and maxLength: expected 2 <= minLength <= maxLength, got "
                    + minLength + " and " + maxLength);
        }
        List<String> sentences = new ArrayList<>();
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            int length = minLength + rng.nextInt(maxLength - minLength + 1);
            List<Integer> ids = new ArrayList<>(List.of(ARE, YOU));
            while (ids.size() < length) {
                int w = rng.nextInt(WORDS.size());
                if (w != ARE && w != YOU) {
                    ids.add(w);
                }
            }
            // shuffle with the course's Rng (Collections.shuffle would need a java.util.Random)
            for (int k = ids.size() - 1; k > 0; k--) {
                Collections.swap(ids, k, rng.nextInt(k + 1));
            }
            labels[i] = ids.indexOf(ARE) < ids.indexOf(YOU) ? 1 : 0;
            sentences.add(String.join(" ", ids.stream().map(WORDS::get).toList()));
        }
        return encode(sentences, labels, dtype);
    }

    /** Bag-of-words counts [n, V] of a batch: the order is gone. */
    public static INDArray bagOfWords(Batch batch) {
        return batch.x().sum(0);
    }
}
