package jdl.transformer;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.tasks.Batch;
import jdl.attention.GreedyCollector;
import jdl.attention.Seq2Seq;
import jdl.tasks.Vocabulary;
import jdl.nn.Init;
import jdl.nn.LayerNorm;
import jdl.nn.Linear;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.SoftmaxCrossEntropy;

/**
 * The Transformer encoder–decoder (Vaswani et al. 2017, Figure 1), pre-LN (Xiong et al. 2020):
 * <pre>
 *   encoder:  x = √d E_src[source] + PE;   x ← EncoderBlock(x) × layers;   memory = LN(x)
 *   decoder:  y = √d E_tgt[BOS y_1 … y_{T−1}] + PE;   y ← DecoderBlock(y, memory) × layers;   LN(y)
 *   output:   p(y_i | y_{&lt;i}, x) = softmax(LN(y)_i W_o + b_o)
 * </pre>
 * It reads the same {@link Batch}es, {@link Vocabulary}s and returns the same {@link Seq2Seq.Decoded} as the
 * recurrent {@link Seq2Seq}, so the two can be trained and compared with the same code. Inside, all tokens of
 * all sequences are rows of one [N·T, d] matrix (sequence-major), so every projection and feed-forward layer is
 * one matrix product per batch. Training is teacher-forced ({@link #loss}): all target positions at once, the
 * causal mask keeping each from seeing the next; decoding is greedy ({@link #greedy}).
 */
public final class TransformerSeq2Seq {

    private final Vocabulary source;
    private final Vocabulary target;
    private final TransformerConfig config;
    private final Params params;
    private final DataType dtype;
    private final TokenInput sourceInput;
    private final TokenInput targetInput;
    private final EncoderBlock[] encoder;
    private final LayerNorm encoderNorm;
    private final DecoderBlock[] decoder;
    private final LayerNorm decoderNorm;
    private final Linear output;
    private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();

    public TransformerSeq2Seq(Vocabulary source, Vocabulary target, TransformerConfig config, Params params) {
        if (source == null || target == null || config == null || params == null) {
            throw new IllegalArgumentException("source, target, config, params: expected all four, got a null");
        }
        this.source = source;
        this.target = target;
        this.config = config;
        this.params = params;
        this.dtype = params.dataType();
        Rng rng = new Rng(config.seed());
        int d = config.d();
        sourceInput = new TokenInput(params, "src", source.size(), config, rng.split());
        targetInput = new TokenInput(params, "tgt", target.size(), config, rng.split());
        encoder = new EncoderBlock[config.layers()];
        for (int l = 0; l < encoder.length; l++) {
            encoder[l] = new EncoderBlock(params, "enc" + l, d, config.heads(), config.ffn(), config.dropout(), rng.split());
        }
        encoderNorm = new LayerNorm(params, "enc.ln", d);
        decoder = new DecoderBlock[config.layers()];
        for (int l = 0; l < decoder.length; l++) {
            decoder[l] = new DecoderBlock(params, "dec" + l, d, config.heads(), config.ffn(), config.dropout(), true,
                    rng.split());
        }
        decoderNorm = new LayerNorm(params, "dec.ln", d);
        output = new Linear(params, "out", d, target.size(), Init.XAVIER_UNIFORM, rng.split());
    }

    // ---------------------------------------------------------------- forward

    /** The encoder's output for N sources of S tokens: memory [N·S, d] and the key mask [N, S]. */
    private record Encoded(INDArray memory, INDArray keyMask, int n, int s) {
    }

    private Encoded encode(Batch b) {
        int n = b.size();
        int s = b.sourceLength();
        requireLength("source", s);
        INDArray keyMask = b.keyMask().castTo(dtype);
        INDArray x = sourceInput.forward(sequenceMajor(b.sourceIds(), s, n), n);
        for (EncoderBlock block : encoder) {
            x = block.forward(x, n, keyMask);
        }
        return new Encoded(encoderNorm.forward(x), keyMask, n, s);
    }

    /** Logits [N·T, V] for decoder inputs ids [N·T] (sequence-major). */
    private INDArray decode(Encoded enc, int[] ids, int t) {
        requireLength("target", t);
        INDArray y = targetInput.forward(ids, enc.n());
        for (DecoderBlock block : decoder) {
            y = block.forward(y, enc.n(), enc.memory(), enc.keyMask());
        }
        return output.forward(decoderNorm.forward(y));
    }

    // ---------------------------------------------------------------- training: teacher forcing

    /**
     * The mean cross-entropy per target token (EOS included, padding excluded) under teacher forcing; with
     * {@code backward}, adds ∂L/∂θ of every parameter to its gradient.
     */
    public double loss(Batch b, boolean backward) {
        if (b.targetInput() == null) {
            throw new IllegalArgumentException("b: expected a batch with targets (Batch.of or Batch.sample), got sources only");
        }
        setTraining(backward);
        int n = b.size();
        int t = b.targetLength();
        Encoded enc = encode(b);
        INDArray logits = decode(enc, sequenceMajor(b.targetInput(), t, n), t);
        INDArray mask = b.targetMask().castTo(dtype).transpose().dup('c').reshape('c', 1, (long) n * t);   // [T, N] → [N·T]
        double loss = crossEntropy.forward(logits, sequenceMajor(b.targetOutput(), t, n), mask);
        if (!backward) {
            return loss;
        }
        INDArray dy = decoderNorm.backward(output.backward(crossEntropy.backward()));
        INDArray dMemory = Nd4j.zeros(dtype, enc.memory().shape());
        for (int l = decoder.length - 1; l >= 0; l--) {
            dy = decoder[l].backward(dy);
            dMemory.addi(decoder[l].memoryGradient());          // every decoder block attends to the same memory
        }
        targetInput.backward(dy);
        INDArray dx = encoderNorm.backward(dMemory);
        for (int l = encoder.length - 1; l >= 0; l--) {
            dx = encoder[l].backward(dx);
        }
        sourceInput.backward(dx);
        return loss;
    }

    // ---------------------------------------------------------------- inference

    /**
     * Greedy decoding: y_i = argmax p(y | y_{&lt;i}, x) (never PAD or BOS), until every sequence has emitted EOS or
     * {@code maxLength} tokens. The decoder reruns on the whole prefix at every step (no cache: short outputs).
     * {@code attention} holds, per sequence and output step (EOS included), the last decoder block's
     * cross-attention averaged over the heads, over the padded source length.
     */
    public Seq2Seq.Decoded greedy(Batch b, int maxLength) {
        if (maxLength < 1 || maxLength > config.maxLength()) {
            throw new IllegalArgumentException("maxLength: expected 1.." + config.maxLength() + " (the config's), got " + maxLength);
        }
        setTraining(false);
        int n = b.size();
        Encoded enc = encode(b);
        int v = target.size();
        GreedyCollector collected = new GreedyCollector(n, false);
        double[] logProbs = new double[n];
        int[][] prefix = new int[n][maxLength];
        for (int[] row : prefix) {
            row[0] = Vocabulary.BOS;
        }
        int steps = 0;
        for (int i = 0; i < maxLength; i++) {
            int len = i + 1;
            int[] ids = new int[n * len];
            for (int k = 0; k < n; k++) {
                System.arraycopy(prefix[k], 0, ids, k * len, len);
            }
            double[] lp = TransformerLM.lastLogSoftmax(decode(enc, ids, len), n, len, v);
            steps = len;
            boolean all = true;
            for (int k = 0; k < n; k++) {
                int best = Vocabulary.EOS + TransformerLM.argmax(lp, k * v + Vocabulary.EOS, v - Vocabulary.EOS);
                if (!collected.done(k)) {
                    logProbs[k] += lp[k * v + best];
                    all &= !collected.add(k, best, null);
                }
                if (len < maxLength) {
                    prefix[k][len] = best;
                }
            }
            if (all) {
                break;
            }
        }
        int[][] tokens = collected.tokens();
        double[][][] attention = new double[n][][];
        for (int k = 0; k < n; k++) {
            double[][][] perHead = decoder[decoder.length - 1].crossAttention().weights(k);
            int rows = Math.min(steps, tokens[k].length + 1);
            attention[k] = new double[rows][enc.s()];
            for (double[][] head : perHead) {
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < enc.s(); j++) {
                        attention[k][i][j] += head[i][j] / perHead.length;
                    }
                }
            }
        }
        return new Seq2Seq.Decoded(tokens, logProbs, attention);
    }

    /** Greedy translations of token lists (in chunks of 500 sources). */
    public List<List<String>> translate(List<List<String>> sources, int maxLength) {
        List<List<String>> out = new ArrayList<>();
        for (int from = 0; from < sources.size(); from += 500) {
            Batch b = Batch.sources(sources.subList(from, Math.min(sources.size(), from + 500)), source, dtype);
            for (int[] ids : greedy(b, maxLength).tokens()) {
                out.add(target.decode(ids));
            }
        }
        return out;
    }

    /**
     * The encoder's output for one source, [S][d] (after the final layer norm): one context-dependent vector per
     * source token. Without positions, permuting the source permutes these rows the same way.
     */
    public double[][] encoderOutput(List<String> sourceTokens) {
        setTraining(false);
        Encoded enc = encode(Batch.sources(List.of(sourceTokens), source, dtype));
        double[] m = jdl.nn.Shapes.doubles(enc.memory());
        int d = config.d();
        double[][] out = new double[enc.s()][d];
        for (int j = 0; j < enc.s(); j++) {
            System.arraycopy(m, j * d, out[j], 0, d);
        }
        return out;
    }

    // ---------------------------------------------------------------- attention maps

    /** Cross-attention of sequence {@code example} in the last forward pass: [layer][head][target step][source token]. */
    public double[][][][] crossAttention(int example) {
        double[][][][] w = new double[decoder.length][][][];
        for (int l = 0; l < decoder.length; l++) {
            w[l] = decoder[l].crossAttention().weights(example);
        }
        return w;
    }

    /** Encoder self-attention of sequence {@code example} in the last forward pass: [layer][head][query][key]. */
    public double[][][][] encoderAttention(int example) {
        double[][][][] w = new double[encoder.length][][][];
        for (int l = 0; l < encoder.length; l++) {
            w[l] = encoder[l].attention().weights(example);
        }
        return w;
    }

    /** Decoder (causal) self-attention of sequence {@code example} in the last forward pass: [layer][head][query][key]. */
    public double[][][][] decoderAttention(int example) {
        double[][][][] w = new double[decoder.length][][][];
        for (int l = 0; l < decoder.length; l++) {
            w[l] = decoder[l].selfAttention().weights(example);
        }
        return w;
    }

    /** Switches dropout on (training) or off; {@link #loss} with backward switches it on, decoding off. */
    public void setTraining(boolean training) {
        sourceInput.setTraining(training);
        targetInput.setTraining(training);
        for (EncoderBlock block : encoder) {
            block.setTraining(training);
        }
        for (DecoderBlock block : decoder) {
            block.setTraining(training);
        }
    }

    public TransformerConfig config() {
        return config;
    }

    public Params params() {
        return params;
    }

    public Vocabulary sourceVocabulary() {
        return source;
    }

    public Vocabulary targetVocabulary() {
        return target;
    }

    // ---------------------------------------------------------------- helpers

    /** Time-major ids [T·N] (index t·N + n, as {@link Batch} stores them) → sequence-major [N·T]. */
    static int[] sequenceMajor(int[] timeMajor, int t, int n) {
        int[] out = new int[timeMajor.length];
        for (int i = 0; i < t; i++) {
            for (int k = 0; k < n; k++) {
                out[k * t + i] = timeMajor[i * n + k];
            }
        }
        return out;
    }

    private void requireLength(String name, int length) {
        if (length > config.maxLength()) {
            throw new IllegalArgumentException(name + ": sequences of " + length + " tokens are longer than the config's maxLength = "
                    + config.maxLength());
        }
    }

    @Override
    public String toString() {
        return "TransformerSeq2Seq" + config + ", " + params.count() + " parameters";
    }
}
