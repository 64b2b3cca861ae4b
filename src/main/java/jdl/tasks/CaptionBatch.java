package jdl.tasks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.Rng;

/**
 * A batch of N scenes for the captioner: their regions and (for training) their captions, time-major as in
 * {@link jdl.tasks.Batch}: index t·N + n is caption n at step t.
 *
 * @param regions      region pixels [N, 4, 784]
 * @param targetInput  decoder inputs [T·N]: BOS y_1 … y_{T−1} (null without captions)
 * @param targetOutput decoder targets [T·N]: y_1 … y_{T−1} EOS, then PAD
 * @param targetMask   [T, N]: 1 where targetOutput is a word or the EOS
 * @param targetLength T, the longest caption plus its EOS
 */
public record CaptionBatch(int size, INDArray regions, int[] targetInput, int[] targetOutput, INDArray targetMask,
                           int targetLength) {

    /** The scenes {@code rows} with their captions. */
    public static CaptionBatch of(Scenes scenes, int[] rows, Vocabulary vocabulary, DataType dtype) {
        INDArray regions = scenes.regionPixels(rows, dtype);
        int n = rows.length;
        int t = 0;
        for (int row : rows) {
            t = Math.max(t, scenes.captions().get(row).size() + 1);
        }
        int[] in = new int[t * n];
        int[] out = new int[t * n];
        double[] mask = new double[t * n];
        for (int i = 0; i < n; i++) {
            int[] ids = vocabulary.encode(scenes.captions().get(rows[i]));
            in[i] = Vocabulary.BOS;
            for (int k = 0; k <= ids.length; k++) {
                int y = k < ids.length ? ids[k] : Vocabulary.EOS;
                out[k * n + i] = y;
                mask[k * n + i] = 1;
                if (k + 1 < t) {
                    in[(k + 1) * n + i] = y;
                }
            }
        }
        return new CaptionBatch(n, regions, in, out,
                Nd4j.create(mask, new long[] {t, n}, DataType.DOUBLE).castTo(dtype), t);
    }

    /** {@code size} scenes drawn uniformly with replacement. */
    public static CaptionBatch sample(Scenes scenes, int size, Rng rng, Vocabulary vocabulary, DataType dtype) {
        if (size < 1) {
            throw new IllegalArgumentException("size: expected at least 1 scene, got " + size);
        }
        int[] rows = new int[size];
        for (int i = 0; i < size; i++) {
            rows[i] = rng.nextInt(scenes.size());
        }
        return of(scenes, rows, vocabulary, dtype);
    }

    /** All scenes of {@code scenes}, in order. */
    public static CaptionBatch all(Scenes scenes, Vocabulary vocabulary, DataType dtype) {
        return of(scenes, range(scenes.size()), vocabulary, dtype);
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
