package jdl.tasks;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.Rng;

/**
 * A padded batch of N source sequences (and, for training, their targets), time-major as the recurrent
 * layers want it. Token ids are flattened row by row over time: index t·N + n is sequence n at step t.
 *
 * @param sourceIds    source tokens [S·N] (PAD after each sequence's end)
 * @param sourceMask   [S, N]: 1 for real tokens (the encoder's mask)
 * @param keyMask      [N, S]: the same mask batch-major (attention's mask over the encoder states)
 * @param sourceLength S, the longest source in the batch
 * @param targetInput  decoder inputs [T·N]: BOS y_1 … y_{T−1} (null without targets)
 * @param targetOutput decoder targets [T·N]: y_1 … y_{T−1} EOS, then PAD
 * @param targetMask   [T, N]: 1 where targetOutput is a real token or the EOS
 * @param targetLength T, the longest target plus its EOS
 */
public record Batch(int size, int[] sourceIds, INDArray sourceMask, INDArray keyMask, int sourceLength,
                    int[] targetInput, int[] targetOutput, INDArray targetMask, int targetLength) {

    /** Sources and targets of {@code pairs}. */
    public static Batch of(List<NumberPairs.Pair> pairs, Vocabulary source, Vocabulary target, DataType dtype) {
        List<List<String>> src = new ArrayList<>();
        List<List<String>> tgt = new ArrayList<>();
        for (NumberPairs.Pair p : pairs) {
            src.add(p.source());
            tgt.add(p.target());
        }
        return of(src, tgt, source, target, dtype);
    }

    /** {@code size} pairs drawn uniformly (with replacement) from {@code pairs}. */
    public static Batch sample(List<NumberPairs.Pair> pairs, int size, Rng rng, Vocabulary source, Vocabulary target,
                               DataType dtype) {
        if (pairs.isEmpty() || size < 1) {
            throw new IllegalArgumentException("pairs, size: expected some pairs and a size of at least 1, got "
                    + pairs.size() + " and " + size);
        }
        List<NumberPairs.Pair> chosen = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            chosen.add(pairs.get(rng.nextInt(pairs.size())));
        }
        return of(chosen, source, target, dtype);
    }

    /** Sources only, for decoding. */
    public static Batch sources(List<List<String>> sources, Vocabulary source, DataType dtype) {
        return of(sources, null, source, null, dtype);
    }

    /** Token lists (sources and, or null, their targets), padded into one batch. */
    public static Batch of(List<List<String>> sources, List<List<String>> targets, Vocabulary source, Vocabulary target,
                           DataType dtype) {
        int n = sources.size();
        if (n == 0) {
            throw new IllegalArgumentException("sources: expected at least one sequence, got none");
        }
        int s = 0;
        for (int i = 0; i < n; i++) {
            if (sources.get(i).isEmpty()) {
                throw new IllegalArgumentException("sources[" + i + "]: expected at least one token, got none");
            }
            s = Math.max(s, sources.get(i).size());
        }
        int[] srcIds = new int[s * n];
        double[] srcMask = new double[s * n];
        double[] keyMask = new double[n * s];
        for (int i = 0; i < n; i++) {
            int[] ids = source.encode(sources.get(i));
            for (int t = 0; t < ids.length; t++) {
                srcIds[t * n + i] = ids[t];
                srcMask[t * n + i] = 1;
                keyMask[i * s + t] = 1;
            }
        }
        INDArray sm = Nd4j.create(srcMask, new long[] {s, n}, DataType.DOUBLE).castTo(dtype);
        INDArray km = Nd4j.create(keyMask, new long[] {n, s}, DataType.DOUBLE).castTo(dtype);
        if (targets == null) {
            return new Batch(n, srcIds, sm, km, s, null, null, null, 0);
        }
        if (targets.size() != n) {
            throw new IllegalArgumentException("targets: expected " + n + " (one per source), got " + targets.size());
        }
        int t = 0;
        for (List<String> y : targets) {
            t = Math.max(t, y.size() + 1);
        }
        int[] in = new int[t * n];
        int[] out = new int[t * n];
        double[] tm = new double[t * n];
        for (int i = 0; i < n; i++) {
            int[] ids = target.encode(targets.get(i));
            in[i] = Vocabulary.BOS;
            for (int k = 0; k <= ids.length; k++) {
                int y = k < ids.length ? ids[k] : Vocabulary.EOS;
                out[k * n + i] = y;
                tm[k * n + i] = 1;
                if (k + 1 < t) {
                    in[(k + 1) * n + i] = y;
                }
            }
        }
        return new Batch(n, srcIds, sm, km, s, in, out, Nd4j.create(tm, new long[] {t, n}, DataType.DOUBLE).castTo(dtype), t);
    }

    /** The number of real source tokens of sequence {@code n}. */
    public int sourceLength(int n) {
        return (int) keyMask.getRow(n).sumNumber().doubleValue();
    }
}
