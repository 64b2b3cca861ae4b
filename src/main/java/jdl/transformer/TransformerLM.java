package jdl.transformer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.Init;
import jdl.nn.LayerNorm;
import jdl.nn.Linear;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.Shapes;
import jdl.nn.SoftmaxCrossEntropy;

/**
 * A decoder-only Transformer language model (GPT; minGPT): predicts every next token of a sequence at once,
 * each position seeing only itself and the positions before it (the causal mask).
 * <pre>
 *   h = √d E[x_1 … x_T] + positions;   h ← DecoderBlock(h) × layers   (causal self-attention + FFN, pre-LN)
 *   p(x_{t+1} | x_{≤t}) = softmax(LN(h)_t W_o + b_o)
 * </pre>
 * The loss is the mean cross-entropy over the counted positions: all by default, or those a loss mask (or a
 * target of −1) selects, so a task written as "input tokens, separator, output tokens" is trained on its output
 * part only. Inputs are {@code int[N][T]} (N sequences of equal length T ≤ maxLength), rows of one [N·T, d]
 * matrix inside.
 */
public final class TransformerLM {

    /** A target equal to this is not counted in the loss. */
    public static final int IGNORE = -1;

    private final int vocabulary;
    private final TransformerConfig config;
    private final Params params;
    private final DataType dtype;
    private final TokenInput input;
    private final DecoderBlock[] blocks;
    private final LayerNorm norm;
    private final Linear output;
    private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy(IGNORE);
    private INDArray hidden;        // the last forward's LN(h) [N·T, d]

    public TransformerLM(int vocabulary, TransformerConfig config, Params params) {
        if (vocabulary < 1 || config == null || params == null) {
            throw new IllegalArgumentException("vocabulary, config, params: expected a vocabulary of at least 1 token, a config"
                    + " and a parameter store, got " + vocabulary + ", " + config + ", " + params);
        }
        this.vocabulary = vocabulary;
        this.config = config;
        this.params = params;
        this.dtype = params.dataType();
        Rng rng = new Rng(config.seed());
        input = new TokenInput(params, "tok", vocabulary, config, rng.split());
        blocks = new DecoderBlock[config.layers()];
        for (int l = 0; l < blocks.length; l++) {
            blocks[l] = new DecoderBlock(params, "block" + l, config.d(), config.heads(), config.ffn(), config.dropout(),
                    false, rng.split());
        }
        norm = new LayerNorm(params, "ln", config.d());
        output = new Linear(params, "out", config.d(), vocabulary, Init.XAVIER_UNIFORM, rng.split());
    }

    /** Logits [N·T, V] for inputs [N][T] (row n·T + t predicts the token after inputs[n][t]). */
    public INDArray logits(int[][] inputs) {
        int t = requireRectangular("inputs", inputs, vocabulary);
        int n = inputs.length;
        INDArray h = input.forward(flatten(inputs), n);
        for (DecoderBlock block : blocks) {
            h = block.forward(h, n, null, null);
        }
        hidden = norm.forward(h);
        return output.forward(hidden);
    }

    /** Mean cross-entropy over every position whose target is not {@link #IGNORE}. */
    public double loss(int[][] inputs, int[][] targets, boolean backward) {
        return loss(inputs, targets, null, backward);
    }

    /**
     * Mean cross-entropy (nats per counted token) over the positions where {@code lossMask} is true (null: all)
     * and the target is not {@link #IGNORE}; with {@code backward}, adds ∂L/∂θ into the gradients.
     */
    public double loss(int[][] inputs, int[][] targets, boolean[][] lossMask, boolean backward) {
        setTraining(backward);
        int t = requireRectangular("inputs", inputs, vocabulary);
        if (targets == null || targets.length != inputs.length) {
            throw new IllegalArgumentException("targets: expected " + inputs.length + " rows (one per input), got "
                    + (targets == null ? "null" : targets.length));
        }
        int n = inputs.length;
        int[] flatTargets = new int[n * t];
        double[] mask = lossMask == null ? null : new double[n * t];
        for (int k = 0; k < n; k++) {
            if (targets[k].length != t) {
                throw new IllegalArgumentException("targets[" + k + "]: expected " + t + " tokens, got " + targets[k].length);
            }
            System.arraycopy(targets[k], 0, flatTargets, k * t, t);
            if (mask != null) {
                if (lossMask[k] == null || lossMask[k].length != t) {
                    throw new IllegalArgumentException("lossMask[" + k + "]: expected " + t + " values, got "
                            + (lossMask[k] == null ? "null" : lossMask[k].length));
                }
                for (int i = 0; i < t; i++) {
                    mask[k * t + i] = lossMask[k][i] ? 1 : 0;
                }
            }
        }
        INDArray logits = logits(inputs);
        double loss = crossEntropy.forward(logits, flatTargets,
                mask == null ? null : Nd4j.create(mask, new long[] {n * t}, DataType.DOUBLE));
        if (!backward) {
            return loss;
        }
        INDArray dh = norm.backward(output.backward(crossEntropy.backward()));
        for (int l = blocks.length - 1; l >= 0; l--) {
            dh = blocks[l].backward(dh);
        }
        input.backward(dh);
        return loss;
    }

    // ---------------------------------------------------------------- generation

    /** Greedy continuation of every prompt (all of one length) by {@code count} tokens; returns the new tokens only. */
    public int[][] generate(int[][] prompts, int count) {
        return continueWith(prompts, count, 0, null);
    }

    public int[] generate(int[] prompt, int count) {
        return generate(new int[][] {prompt}, count)[0];
    }

    /** Samples {@code count} tokens after {@code prompt} from softmax(z / temperature); the context is cropped to maxLength. */
    public int[] sample(int[] prompt, int count, double temperature, Rng rng) {
        if (!(temperature > 0) || rng == null) {
            throw new IllegalArgumentException("temperature, rng: expected a positive temperature and an Rng, got "
                    + temperature + " and " + rng);
        }
        return continueWith(new int[][] {prompt}, count, temperature, rng)[0];
    }

    /** p(next token | context) after the last token of {@code context} (cropped to the last maxLength tokens). */
    public double[] nextTokenProbabilities(int[] context) {
        setTraining(false);
        int[] window = crop(context);
        double[] lp = lastLogSoftmax(logits(new int[][] {window}), 1, window.length, vocabulary);
        for (int i = 0; i < lp.length; i++) {
            lp[i] = Math.exp(lp[i]);
        }
        return lp;
    }

    private int[][] continueWith(int[][] prompts, int count, double temperature, Rng rng) {
        requireRectangular("prompts", prompts, vocabulary);
        if (count < 0) {
            throw new IllegalArgumentException("count: expected at least 0 tokens, got " + count);
        }
        setTraining(false);
        int n = prompts.length;
        int[][] seqs = new int[n][];
        for (int k = 0; k < n; k++) {
            seqs[k] = prompts[k].clone();
        }
        int[][] generated = new int[n][count];
        for (int step = 0; step < count; step++) {
            int[][] window = new int[n][];
            for (int k = 0; k < n; k++) {
                window[k] = crop(seqs[k]);
            }
            int len = window[0].length;
            double[] lp = lastLogSoftmax(logits(window), n, len, vocabulary);
            for (int k = 0; k < n; k++) {
                int next = temperature == 0 ? argmax(lp, k * vocabulary, vocabulary)
                        : draw(lp, k * vocabulary, vocabulary, temperature, rng);
                generated[k][step] = next;
                seqs[k] = java.util.Arrays.copyOf(seqs[k], seqs[k].length + 1);
                seqs[k][seqs[k].length - 1] = next;
            }
        }
        return generated;
    }

    private int[] crop(int[] context) {
        if (context == null || context.length == 0) {
            throw new IllegalArgumentException("context: expected at least one token, got none");
        }
        int from = Math.max(0, context.length - config.maxLength());
        return java.util.Arrays.copyOfRange(context, from, context.length);
    }

    private static int draw(double[] logProbs, int from, int count, double temperature, Rng rng) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < count; c++) {
            max = Math.max(max, logProbs[from + c] / temperature);
        }
        double[] w = new double[count];
        double sum = 0;
        for (int c = 0; c < count; c++) {
            w[c] = Math.exp(logProbs[from + c] / temperature - max);
            sum += w[c];
        }
        double u = rng.uniform() * sum;
        for (int c = 0; c < count; c++) {
            u -= w[c];
            if (u < 0) {
                return c;
            }
        }
        return count - 1;
    }

    // ---------------------------------------------------------------- inspection

    /** The final layer's vectors LN(h)_t for one sequence, [T][d]: context-dependent token representations. */
    public double[][] hiddenStates(int[] tokens) {
        setTraining(false);
        logits(new int[][] {tokens});
        double[] h = Shapes.doubles(hidden);
        int d = config.d();
        double[][] out = new double[tokens.length][d];
        for (int t = 0; t < tokens.length; t++) {
            System.arraycopy(h, t * d, out[t], 0, d);
        }
        return out;
    }

    /** The input vector √d · E[token] (before positions): the same for every context. */
    public double[] tokenEmbedding(int token) {
        return input.vector(token);
    }

    /** Causal self-attention of sequence {@code example} in the last forward pass: [layer][head][query][key]. */
    public double[][][][] attention(int example) {
        double[][][][] w = new double[blocks.length][][][];
        for (int l = 0; l < blocks.length; l++) {
            w[l] = blocks[l].selfAttention().weights(example);
        }
        return w;
    }

    public void setTraining(boolean training) {
        input.setTraining(training);
        for (DecoderBlock block : blocks) {
            block.setTraining(training);
        }
    }

    public TransformerConfig config() {
        return config;
    }

    public Params params() {
        return params;
    }

    public int vocabulary() {
        return vocabulary;
    }

    @Override
    public String toString() {
        return "TransformerLM" + config + ", vocabulary " + vocabulary + ", " + params.count() + " parameters";
    }

    // ---------------------------------------------------------------- helpers shared with TransformerSeq2Seq

    /** log softmax of the last position of each of n sequences of len rows in logits [n·len, v], as double[n·v]. */
    static double[] lastLogSoftmax(INDArray logits, int n, int len, int v) {
        double[] z = Shapes.doubles(logits);
        double[] out = new double[n * v];
        for (int k = 0; k < n; k++) {
            int row = (k * len + len - 1) * v;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < v; c++) {
                max = Math.max(max, z[row + c]);
            }
            double sum = 0;
            for (int c = 0; c < v; c++) {
                sum += Math.exp(z[row + c] - max);
            }
            double log = max + Math.log(sum);
            for (int c = 0; c < v; c++) {
                out[k * v + c] = z[row + c] - log;
            }
        }
        return out;
    }

    /** The offset (0..count−1) of the largest of values[from … from+count−1]; ties: the first. */
    static int argmax(double[] values, int from, int count) {
        int best = 0;
        for (int c = 1; c < count; c++) {
            if (values[from + c] > values[from + best]) {
                best = c;
            }
        }
        return best;
    }

    private int requireRectangular(String name, int[][] rows, int vocab) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException(name + ": expected at least one sequence, got none");
        }
        int t = rows[0] == null ? 0 : rows[0].length;
        if (t < 1 || t > config.maxLength()) {
            throw new IllegalArgumentException(name + "[0]: expected 1.." + config.maxLength() + " tokens (maxLength), got " + t);
        }
        for (int k = 0; k < rows.length; k++) {
            if (rows[k] == null || rows[k].length != t) {
                throw new IllegalArgumentException(name + "[" + k + "]: expected " + t + " tokens like " + name
                        + "[0], got " + (rows[k] == null ? "null" : rows[k].length));
            }
            for (int i = 0; i < t; i++) {
                if (rows[k][i] < 0 || rows[k][i] >= vocab) {
                    throw new IllegalArgumentException(name + "[" + k + "][" + i + "]: expected a token id in 0.."
                            + (vocab - 1) + ", got " + rows[k][i]);
                }
            }
        }
        return t;
    }

    private static int[] flatten(int[][] rows) {
        int t = rows[0].length;
        int[] out = new int[rows.length * t];
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(rows[k], 0, out, k * t, t);
        }
        return out;
    }
}
