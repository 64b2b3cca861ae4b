package jdl.rnn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.Init;
import jdl.nn.Linear;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.Shapes;
import jdl.nn.SoftmaxCrossEntropy;
import jdl.tasks.CharVocabulary;

/**
 * A character-level language model in the spirit of Karpathy's min-char-rnn: the one-hot character x_t
 * enters a recurrent cell (the vanilla RNN h_t = tanh(x_t W_x + h_{t−1} W_h + b), or an LSTM or GRU as
 * {@link CharRnnConfig#cell()} says), and a linear layer gives the logits of the
 * next character, p(c_{t+1} | c_≤t) = softmax(h_t W_y + b_y). Trained on random windows of the text
 * with cross-entropy; its loss in bits per character is (nats) / ln 2.
 */
public final class CharRnn {

    private final CharVocabulary vocabulary;
    private final CharRnnConfig config;
    private final Params params;
    private final RecurrentLayer<?> rnn;
    private final Linear output;
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();

    public CharRnn(CharVocabulary vocabulary, CharRnnConfig config, Params params, Rng rng) {
        this.vocabulary = vocabulary;
        this.config = config;
        this.params = params;
        int v = vocabulary.size();
        this.rnn = RecurrentLayer.of(config.cell().create(params, "rnn", v, config.hidden(), rng));
        this.output = new Linear(params, "out", config.hidden(), v, Init.XAVIER_UNIFORM, rng);
    }

    /** {@code batch} random windows of {@code length + 1} ids from {@code ids}: inputs and next-character targets. */
    public static int[][] randomWindows(int[] ids, int batch, int length, Rng rng) {
        if (ids.length < length + 1) {
            throw new IllegalArgumentException("ids: expected at least " + (length + 1) + " characters, got " + ids.length);
        }
        int[][] windows = new int[batch][];
        for (int b = 0; b < batch; b++) {
            int start = rng.nextInt(ids.length - length);
            windows[b] = java.util.Arrays.copyOfRange(ids, start, start + length + 1);
        }
        return windows;
    }

    /** Mean cross-entropy in nats per character over the windows; with {@code backward}, also the gradients. */
    public double loss(int[][] windows, boolean backward) {
        int n = windows.length;
        int T = windows[0].length - 1;
        INDArray x = oneHot(windows, T);
        int[] targets = new int[T * n];
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < n; b++) {
                targets[t * n + b] = windows[b][t + 1];
            }
        }
        INDArray h = rnn.forward(x);
        double l = loss.forward(output.forward(h), targets);
        if (backward) {
            rnn.backward(output.backward(loss.backward()), null);
        }
        return l;
    }

    /** Bits per character on {@code ids}, in consecutive windows of seqLength (no state carried between windows). */
    public double bitsPerChar(int[] ids, int maxChars) {
        return bitsPerChar(ids, maxChars, config.seqLength(), batch -> loss(batch, false));
    }

    /**
     * Bits per character of any character model on the first {@code maxChars} of {@code ids}: consecutive windows of
     * {@code length} + 1 ids (inputs and their next characters, no context carried between windows), scored 64 at a
     * time by {@code meanLoss} (mean cross-entropy in nats per predicted character).
     */
    public static double bitsPerChar(int[] ids, int maxChars, int length, java.util.function.ToDoubleFunction<int[][]> meanLoss) {
        int windows = Math.min(ids.length - 1, maxChars) / length;
        if (windows == 0) {
            throw new IllegalArgumentException("ids: expected at least " + (length + 1) + " characters, got " + ids.length);
        }
        double total = 0;
        for (int from = 0; from < windows; from += 64) {
            int count = Math.min(64, windows - from);
            int[][] batch = new int[count][];
            for (int b = 0; b < count; b++) {
                int start = (from + b) * length;
                batch[b] = java.util.Arrays.copyOfRange(ids, start, start + length + 1);
            }
            total += meanLoss.applyAsDouble(batch) * count;
        }
        return total / windows / Math.log(2);
    }

    /**
     * Generates {@code length} characters after {@code prime}, drawing each from softmax(z / τ): τ &lt; 1
     * sharpens the distribution (safer, more repetitive), τ &gt; 1 flattens it (more surprising, more errors).
     */
    public String sample(String prime, int length, double temperature, Rng rng) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature: expected a positive number, got " + temperature);
        }
        if (prime == null || prime.isEmpty()) {
            throw new IllegalArgumentException("prime: expected at least one character, got an empty string");
        }
        int[] ids = vocabulary.encode(prime);
        StringBuilder out = new StringBuilder(prime);
        CellState state = null;
        INDArray h = null;
        for (int id : ids) {                                  // read the prime
            rnn.forward(oneHot(new int[][] {{id, 0}}, 1), null, state);
            state = rnn.finalState();
        }
        for (int k = 0; k < length; k++) {
            h = state.h();
            double[] z = Shapes.doubles(output.forward(h));
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v / temperature);
            }
            double sum = 0;
            double[] p = new double[z.length];
            for (int c = 0; c < z.length; c++) {
                p[c] = Math.exp(z[c] / temperature - max);
                sum += p[c];
            }
            double u = rng.uniform() * sum;
            int next = z.length - 1;
            for (int c = 0; c < z.length; c++) {
                u -= p[c];
                if (u <= 0) {
                    next = c;
                    break;
                }
            }
            out.append(vocabulary.decode(next));
            rnn.forward(oneHot(new int[][] {{next, 0}}, 1), null, state);
            state = rnn.finalState();
        }
        return out.toString();
    }

    private INDArray oneHot(int[][] windows, int T) {
        int n = windows.length;
        int v = vocabulary.size();
        double[] x = new double[T * n * v];
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < n; b++) {
                x[(t * n + b) * v + windows[b][t]] = 1.0;
            }
        }
        return Nd4j.create(x, new long[] {T, n, v}, DataType.DOUBLE).castTo(params.dataType());
    }

    public Params params() {
        return params;
    }

    public CharRnnConfig config() {
        return config;
    }

    public CharVocabulary vocabulary() {
        return vocabulary;
    }

    public RecurrentLayer<?> recurrent() {
        return rnn;
    }
}
