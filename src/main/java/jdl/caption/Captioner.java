package jdl.caption;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import jdl.attention.AdditiveAttention;
import jdl.attention.Attention;
import jdl.attention.DecoderInput;
import jdl.attention.GreedyCollector;
import jdl.nn.Embedding;
import jdl.nn.Init;
import jdl.nn.Linear;
import jdl.nn.Param;
import jdl.nn.Params;
import jdl.nn.Relu;
import jdl.nn.Rng;
import jdl.nn.Shapes;
import jdl.nn.SoftmaxCrossEntropy;
import jdl.nn.Tanh;
import jdl.rnn.CellState;
import jdl.rnn.LstmCell;
import jdl.rnn.RecurrentCell;
import jdl.tasks.CaptionBatch;
import jdl.tasks.Scenes;
import jdl.tasks.Vocabulary;

/**
 * Show, Attend and Tell (Xu et al. 2015) at the scale of a notebook: an image captioner whose LSTM decoder looks
 * at the image regions again for every word it writes.
 * <pre>
 *   encoder:   a_i = ReLU(x_i W_a + b_a) + p_i            i = 1 … L regions (cells), x_i the region's pixels,
 *                                                         p_i a learned vector per position (where the region is)
 *   start:     h_0 = tanh(ā W_h + b_h),  c_0 = tanh(ā W_c + b_c),   ā = (1/L) Σ_i a_i
 *   attention: e_ti = vᵀ tanh(W_q q_t + W_k a_i + b),  α_ti = softmax_i(e_ti),  z_t = Σ_i α_ti a_i   ATTENTION
 *              z_t = ā for every t                                                                MEAN (baseline)
 *   SHOW_ATTEND_TELL (Xu et al.):  q_t = h_{t−1},  h_t, c_t = LSTM([E y_{t−1} ; z_t], h_{t−1}, c_{t−1})
 *   ATTEND_AFTER (Luong et al. 2015, no input feeding):  h_t, c_t = LSTM(E y_{t−1}, h_{t−1}, c_{t−1}),  q_t = h_t
 *   output:    p(y_t | y_{<t}, image) = softmax([h_t ; z_t] W_o + b_o)
 * </pre>
 * The decoder is the pattern of {@link jdl.attention.Seq2Seq}: one {@link LstmCell} stepped by hand; in
 * SHOW_ATTEND_TELL its input weight is split into the rows for the embedding (applied to all steps at once under
 * teacher forcing) and the rows for the context (one product per step). The keys of the {@link AdditiveAttention}
 * are the region features. In ATTEND_AFTER the image reaches a word only through z_t (and ā in h_0), so the word's
 * attention must point at what the word names; in SHOW_ATTEND_TELL z_t also enters the LSTM, which can read a
 * region one word early and carry it in its state.
 *
 * <p>The encoder trains jointly with the decoder, or is the frozen first layer of a pre-trained item classifier
 * ({@link #freezeEncoder}). The position vector is added after the ReLU, so it tags each feature with its place:
 * attention can select a region by where it is, while the mean ā of the baseline averages the places away
 * (Σ_i p_i / L is the same for every image) — it keeps what is in the picture, not where.
 */
public final class Captioner {

    /** Greedy captions: token ids without EOS, and (ATTENTION) α per generated word [n][t][L], EOS step included. */
    public record Decoded(int[][] tokens, double[][][] attention) {
    }

    private final Vocabulary vocabulary;
    private final CaptionConfig config;
    private final Params params;
    private final DataType dtype;
    private final Param encoderWeight;     // W_a [784, D]
    private final Param encoderBias;       // b_a [1, D]
    private final Param position;          // p_i for all regions, [1, L·D]
    private final Relu relu = new Relu();
    private final Linear initH;
    private final Linear initC;
    private final Tanh tanhH = new Tanh();
    private final Tanh tanhC = new Tanh();
    private final Embedding words;
    private final LstmCell decoder;
    private final DecoderInput decoderInput;
    private final Attention attention;    // null for MEAN
    private final Linear output;
    private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();
    private boolean encoderFrozen;

    public Captioner(Vocabulary vocabulary, CaptionConfig config, Params params) {
        if (vocabulary == null || config == null || params == null) {
            throw new IllegalArgumentException("vocabulary, config, params: expected all three, got a null");
        }
        this.vocabulary = vocabulary;
        this.config = config;
        this.params = params;
        this.dtype = params.dataType();
        Rng rng = new Rng(config.seed());
        int d = config.features();
        int h = config.hidden();
        encoderWeight = params.add("encoder.W", Init.HE_NORMAL.sample(Scenes.REGION_PIXELS, d, rng.split(), dtype));
        encoderBias = params.add("encoder.b", Nd4j.zeros(dtype, 1, d));
        position = params.add("encoder.position", rng.split().normal(dtype, 0.1, 1, (long) Scenes.REGIONS * d));
        initH = new Linear(params, "initH", d, h, Init.XAVIER_UNIFORM, rng.split());
        initC = new Linear(params, "initC", d, h, Init.XAVIER_UNIFORM, rng.split());
        words = new Embedding(params, "words", vocabulary.size(), config.embedding(), rng.split());
        int contextInput = config.order() == CaptionConfig.Order.SHOW_ATTEND_TELL ? d : 0;
        decoder = new LstmCell(params, "decoder", config.embedding() + contextInput, h, rng.split());
        decoderInput = new DecoderInput(decoder, config.embedding(), contextInput);
        attention = config.context() == CaptionConfig.Context.ATTENTION
                ? new AdditiveAttention(params, "attention", d, h, config.attentionSize(), rng.split()) : null;
        output = new Linear(params, "out", h + d, vocabulary.size(), Init.XAVIER_UNIFORM, rng.split());
    }

    // ---------------------------------------------------------------- encoder

    /**
     * Uses the first layer of a pre-trained item classifier as W_a, b_a and stops training them (their gradients
     * stay 0, so Adam leaves them unchanged); the position vectors p_i still learn.
     */
    public Captioner freezeEncoder(ItemFeatures pretrained) {
        if (pretrained == null || pretrained.features() != config.features()) {
            throw new IllegalArgumentException("pretrained: expected features of size " + config.features() + ", got "
                    + (pretrained == null ? "null" : pretrained.features()));
        }
        encoderWeight.value().assign(pretrained.weight().castTo(dtype));
        encoderBias.value().assign(pretrained.bias().castTo(dtype));
        encoderFrozen = true;
        return this;
    }

    /** Region pixels x [N·L, 784], features a [N, L, D], their mean ā [N, D], the attention memory (or null) and (h_0, c_0). */
    private record Encoded(INDArray pixels, INDArray features, INDArray mean, Attention.Memory memory, CellState start, int batch) {
    }

    private Encoded encode(INDArray regions) {
        if (regions == null || regions.rank() != 3 || regions.size(1) != Scenes.REGIONS
                || regions.size(2) != Scenes.REGION_PIXELS) {
            throw new IllegalArgumentException("regions: expected shape [batch, " + Scenes.REGIONS + ", "
                    + Scenes.REGION_PIXELS + "], got " + (regions == null ? "null" : Arrays.toString(regions.shape())));
        }
        Shapes.requireType("regions", regions, dtype);
        int n = (int) regions.size(0);
        int d = config.features();
        INDArray x = regions.dup('c').reshape('c', (long) n * Scenes.REGIONS, Scenes.REGION_PIXELS);
        INDArray pre = Nd4j.create(dtype, (long) n * Scenes.REGIONS, d);
        Nd4j.gemm(x, encoderWeight.value(), pre, false, false, 1.0, 0.0);              // x_i W_a
        pre.addiRowVector(encoderBias.value());                                          //   + b_a
        INDArray a = relu.forward(pre).reshape('c', n, (long) Scenes.REGIONS * d);
        a.addiRowVector(position.value());                                              // a_i = ReLU(…) + p_i
        a = a.reshape('c', n, Scenes.REGIONS, d);
        INDArray mean = a.mean(1);                                                      // ā
        CellState start = new CellState(tanhH.forward(initH.forward(mean)), tanhC.forward(initC.forward(mean)));
        Attention.Memory memory = attention == null ? null : attention.memory(a, null);
        return new Encoded(x, a, mean, memory, start, n);
    }

    // ---------------------------------------------------------------- one decoder step

    private record DecoderStep(LstmCell.Cache cell, Attention.Step attended, INDArray context) {
    }

    /**
     * One decoder step. SHOW_ATTEND_TELL: z_t from h_{t−1} (or ā), then h_t, c_t = LSTM(xw_emb + z_t W_z, h_{t−1}, c_{t−1}).
     * ATTEND_AFTER: h_t, c_t = LSTM(xw_emb, h_{t−1}, c_{t−1}), then z_t from h_t (or ā).
     */
    private DecoderStep step(Encoded enc, INDArray xwEmbedding, CellState previous) {
        if (!feedsContext()) {
            LstmCell.Cache cell = decoder.stepForward(xwEmbedding, previous);
            Attention.Step attended = attention == null ? null : attention.forward(enc.memory(), cell.next().h());
            return new DecoderStep(cell, attended, attended == null ? enc.mean() : attended.context());
        }
        Attention.Step attended = null;
        INDArray context;
        if (attention == null) {
            context = enc.mean();                                          // z_t = ā
        } else {
            attended = attention.forward(enc.memory(), previous.h());     // z_t = Σ_i α_ti a_i, query h_{t−1}
            context = attended.context();
        }
        INDArray xw = decoderInput.withContext(xwEmbedding, context);      // + z_t W_z
        return new DecoderStep(decoder.stepForward(xw, previous), attended, context);
    }

    /** Whether z_t is an input of the LSTM (SHOW_ATTEND_TELL) or only of the output layer (ATTEND_AFTER). */
    private boolean feedsContext() {
        return config.order() == CaptionConfig.Order.SHOW_ATTEND_TELL;
    }

    // ---------------------------------------------------------------- training: teacher forcing

    /** What the teacher-forced forward pass keeps for the loss and its backward. */
    private record Forced(Encoded enc, INDArray emb, List<DecoderStep> steps, INDArray outs, CellState last) {
    }

    private Forced forced(CaptionBatch b) {
        if (b == null || b.targetInput() == null) {
            throw new IllegalArgumentException("b: expected a batch with captions (CaptionBatch.of or sample), got "
                    + (b == null ? "null" : "images only"));
        }
        int n = b.size();
        int t = b.targetLength();
        int h = config.hidden();
        int d = config.features();
        Encoded enc = encode(b.regions());
        INDArray emb = words.forward(b.targetInput());                              // [T·N, E]
        INDArray xwEmb = decoderInput.embeddingInput(emb);
        INDArray outs = Nd4j.create(dtype, t, n, h + d);
        List<DecoderStep> steps = new ArrayList<>(t);
        CellState state = enc.start();
        for (int i = 0; i < t; i++) {
            DecoderStep st = step(enc, rows(xwEmb, i, n), state);
            steps.add(st);
            state = st.cell().next();
            INDArray o = outs.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
            o.get(NDArrayIndex.all(), NDArrayIndex.interval(0, h)).assign(state.h());       // [h_t ; z_t]
            o.get(NDArrayIndex.all(), NDArrayIndex.interval(h, h + d)).assign(st.context());
        }
        return new Forced(enc, emb, steps, outs, state);
    }

    /**
     * The mean cross-entropy per caption token (EOS included, padding excluded) under teacher forcing; with
     * {@code backward}, adds ∂L/∂θ of every parameter to its gradient.
     */
    public double loss(CaptionBatch b, boolean backward) {
        Forced f = forced(b);
        int n = b.size();
        int t = b.targetLength();
        int h = config.hidden();
        int d = config.features();
        INDArray logits = output.forward(f.outs());                                 // [T, N, V]
        double loss = crossEntropy.forward(logits, b.targetOutput(), b.targetMask());
        if (!backward) {
            return loss;
        }
        INDArray dOuts = output.backward(crossEntropy.backward());                  // [T, N, H + D]
        INDArray dXwAll = Nd4j.create(dtype, (long) t * n, decoder.gateSize());
        INDArray dMean = Nd4j.zeros(dtype, n, d);
        CellState dState = new CellState(Nd4j.zerosLike(f.last().h()), Nd4j.zerosLike(f.last().c()));
        for (int i = t - 1; i >= 0; i--) {                                          // BPTT through the decoder
            DecoderStep st = f.steps().get(i);
            INDArray dOut = dOuts.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
            INDArray dh = dState.h().add(dOut.get(NDArrayIndex.all(), NDArrayIndex.interval(0, h)));
            INDArray dContext = dOut.get(NDArrayIndex.all(), NDArrayIndex.interval(h, h + d)).dup();
            INDArray dPrevious;
            RecurrentCell.StepGrad g;
            if (feedsContext()) {
                g = decoder.stepBackward(st.cell(), new CellState(dh, dState.c()));
                decoderInput.contextBackward(st.context(), g.dXw(), dContext); // dW_z += z_tᵀ dxw, dz_t += dxw W_zᵀ
                dPrevious = g.dPrevious().h();
                if (attention == null) {
                    dMean.addi(dContext);                                                    // z_t = ā
                } else {
                    dPrevious = dPrevious.add(attention.backward(st.attended(), dContext)); // the query was h_{t−1}
                }
            } else {
                if (attention == null) {
                    dMean.addi(dContext);
                } else {
                    dh.addi(attention.backward(st.attended(), dContext));                   // the query was h_t
                }
                g = decoder.stepBackward(st.cell(), new CellState(dh, dState.c()));
                dPrevious = g.dPrevious().h();
            }
            rows(dXwAll, i, n).assign(g.dXw());
            dState = new CellState(dPrevious, g.dPrevious().c());
        }
        words.backward(decoderInput.embeddingBackward(f.emb(), dXwAll));            // dW_e += Eᵀ dXW, db
        // into the encoder: through (h_0, c_0) and the mean, and (attention) through the keys
        dMean.addi(initH.backward(tanhH.backward(dState.h())));
        dMean.addi(initC.backward(tanhC.backward(dState.c())));
        INDArray dFeatures = attention == null ? Nd4j.zeros(dtype, n, Scenes.REGIONS, d)
                : attention.keysBackward(f.enc().memory());                           // [N, L, D]
        INDArray dMeanEach = dMean.div(Scenes.REGIONS);                              // ∂ā/∂a_i = 1/L
        Nd4j.getExecutioner().exec(new BroadcastAddOp(dFeatures, dMeanEach, dFeatures, 0, 2));
        INDArray dA = dFeatures.reshape('c', n, (long) Scenes.REGIONS * d);
        position.grad().addi(dA.sum(true, 0));                                          // dp_i = Σ_n da_i
        if (encoderFrozen) {
            return loss;
        }
        INDArray dPre = relu.backward(dA.reshape('c', (long) n * Scenes.REGIONS, d));
        Nd4j.gemm(f.enc().pixels(), dPre, encoderWeight.grad(), true, false, 1.0, 1.0); // dW_a += xᵀ dpre
        encoderBias.grad().addi(dPre.sum(true, 0));                                      // (no ∂L/∂pixels needed)
        return loss;
    }

    /**
     * The attention weights under teacher forcing on the reference captions, [n][t][L] for every caption token
     * t (and the EOS): where the model looks while it is made to write the true caption. Null for MEAN.
     */
    public double[][][] forcedAttention(CaptionBatch b) {
        if (attention == null) {
            return null;
        }
        Forced f = forced(b);
        int n = b.size();
        double[][][] out = new double[n][b.targetLength()][];
        for (int i = 0; i < b.targetLength(); i++) {
            double[] alpha = Shapes.doubles(f.steps().get(i).attended().weights());
            for (int k = 0; k < n; k++) {
                out[k][i] = Arrays.copyOfRange(alpha, k * Scenes.REGIONS, (k + 1) * Scenes.REGIONS);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- inference

    /** Greedy decoding of the scenes' regions [N, L, 784]: y_t = argmax p(y | y_{<t}, image), until EOS or maxLength. */
    public Decoded greedy(INDArray regions, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength: expected at least 1 word, got " + maxLength);
        }
        Encoded enc = encode(regions);
        int n = enc.batch();
        int v = vocabulary.size();
        int[] previous = new int[n];
        Arrays.fill(previous, Vocabulary.BOS);
        GreedyCollector collected = new GreedyCollector(n, attention != null);
        CellState state = enc.start();
        for (int i = 0; i < maxLength; i++) {
            DecoderStep st = step(enc, decoderInput.embeddingInput(words.forward(previous)), state);
            state = st.cell().next();
            double[] logits = Shapes.doubles(output.forward(Nd4j.concat(1, state.h(), st.context())));
            double[] alpha = st.attended() == null ? null : Shapes.doubles(st.attended().weights());
            boolean all = true;
            for (int k = 0; k < n; k++) {
                int best = Vocabulary.EOS;                                   // never PAD or BOS
                for (int y = Vocabulary.EOS + 1; y < v; y++) {
                    if (logits[k * v + y] > logits[k * v + best]) {
                        best = y;
                    }
                }
                previous[k] = best;
                double[] row = alpha == null ? null : Arrays.copyOfRange(alpha, k * Scenes.REGIONS, (k + 1) * Scenes.REGIONS);
                if (collected.add(k, best, row)) {
                    all = false;
                }
            }
            if (all) {
                break;
            }
        }
        return new Decoded(collected.tokens(), collected.weights());
    }

    /** Greedy captions of all scenes (in chunks of 500), as token lists. */
    public List<List<String>> caption(Scenes scenes, int maxLength) {
        List<List<String>> out = new ArrayList<>();
        for (int from = 0; from < scenes.size(); from += 500) {
            int to = Math.min(scenes.size(), from + 500);
            int[] rows = new int[to - from];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = from + i;
            }
            for (int[] ids : greedy(scenes.regionPixels(rows, dtype), maxLength).tokens()) {
                out.add(vocabulary.decode(ids));
            }
        }
        return out;
    }

    private static INDArray rows(INDArray stacked, int i, int n) {
        return stacked.get(NDArrayIndex.interval((long) i * n, (long) (i + 1) * n), NDArrayIndex.all());
    }

    public CaptionConfig config() {
        return config;
    }

    public Params params() {
        return params;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }
}
