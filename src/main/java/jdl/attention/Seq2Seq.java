package jdl.attention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import jdl.nn.Embedding;
import jdl.nn.Init;
import jdl.nn.Linear;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.SoftmaxCrossEntropy;
import jdl.rnn.CellState;
import jdl.rnn.GruCell;
import jdl.rnn.LstmCell;
import jdl.rnn.RecurrentCell;
import jdl.rnn.RecurrentLayer;
import jdl.tasks.Batch;
import jdl.tasks.Vocabulary;

/**
 * An encoder–decoder for translation (Sutskever et al. 2014; Cho et al. 2014), with or without soft attention
 * (Bahdanau et al. 2014).
 * <pre>
 *   encoder:  h_j = RNN(E_src x_j, h_{j−1})                  j = 1 … S   (Embedding + RecurrentLayer)
 *   context:  c_i = h_S                                        FIXED: one vector for every output word
 *             c_i = Σ_j α_ij h_j,  α_ij = softmax_j(e_ij)       ADDITIVE / DOT: e_ij = score(s_{i−1}, h_j)
 *   decoder:  s_i = RNN([E_tgt y_{i−1} ; c_i], s_{i−1}),  s_0 = h_S
 *   output:   p(y_i | y_{<i}, x) = softmax([s_i ; c_i] W_o + b_o)
 * </pre>
 * The decoder is one cell of {@code jdl.rnn} stepped here by hand, because its input at step i contains c_i,
 * which depends on s_{i−1}: the input weight W_x of the cell is split into the rows for the embedding (W_e,
 * applied to all steps at once under teacher forcing) and the rows for the context (W_c, one product per step).
 * Both variants share this code; FIXED only replaces the attention by h_S.
 *
 * <p>Training uses teacher forcing ({@link #loss}); inference decodes greedily ({@link #greedy}) or with a
 * beam ({@link #beam}).
 */
public final class Seq2Seq {

    /** Decoded sequences: token ids without EOS, total log-probabilities, and (greedy, attention) α per step [n][i][j]. */
    public record Decoded(int[][] tokens, double[] logProbs, double[][][] attention) {
    }

    private final Vocabulary source;
    private final Vocabulary target;
    private final Seq2SeqConfig config;
    private final Params params;
    private final DataType dtype;
    private final Embedding sourceEmbedding;
    private final Embedding targetEmbedding;
    private final RecurrentCell<RecurrentCell.Step> encoderCell;
    private final RecurrentLayer<RecurrentCell.Step> encoder;
    private final RecurrentCell<RecurrentCell.Step> decoder;
    private final DecoderInput decoderInput;
    private final Attention attention;       // null for FIXED
    private final Linear output;
    private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();

    public Seq2Seq(Vocabulary source, Vocabulary target, Seq2SeqConfig config, Params params) {
        if (source == null || target == null || config == null || params == null) {
            throw new IllegalArgumentException("source, target, config, params: expected all four, got a null");
        }
        this.source = source;
        this.target = target;
        this.config = config;
        this.params = params;
        this.dtype = params.dataType();
        Rng rng = new Rng(config.seed());
        int e = config.embedding();
        int h = config.hidden();
        sourceEmbedding = new Embedding(params, "src", source.size(), e, rng.split());
        targetEmbedding = new Embedding(params, "tgt", target.size(), e, rng.split());
        encoderCell = cell(params, "encoder", e, h, rng.split());
        encoder = new RecurrentLayer<>(encoderCell);
        decoder = cell(params, "decoder", e + h, h, rng.split());
        decoderInput = new DecoderInput(decoder, e, h);
        attention = switch (config.context()) {
            case FIXED -> null;
            case ADDITIVE -> new AdditiveAttention(params, "attention", h, h, config.attentionSize(), rng.split());
            case DOT -> new DotAttention(h, true, dtype);
        };
        output = new Linear(params, "out", 2 * h, target.size(), Init.XAVIER_UNIFORM, rng.split());
    }

    @SuppressWarnings("unchecked")
    private RecurrentCell<RecurrentCell.Step> cell(Params p, String name, int in, int hidden, Rng rng) {
        RecurrentCell<?> c = config.cell() == Seq2SeqConfig.Cell.GRU ? new GruCell(p, name, in, hidden, rng)
                : new LstmCell(p, name, in, hidden, rng);
        return (RecurrentCell<RecurrentCell.Step>) c;
    }

    // ---------------------------------------------------------------- encoder

    /** The encoder's output for one batch: the attention memory (or null) and the final state. */
    private record Encoded(Attention.Memory memory, CellState last, int length, int batch) {
    }

    private Encoded encode(Batch b) {
        int s = b.sourceLength();
        int n = b.size();
        INDArray x = sourceEmbedding.forward(b.sourceIds()).reshape('c', s, n, config.embedding());
        INDArray hs = encoder.forward(x, b.sourceMask(), null);                     // [S, N, H]
        Attention.Memory memory = attention == null ? null
                : attention.memory(hs.permute(1, 0, 2).dup('c'), b.keyMask());     // keys [N, S, H]
        return new Encoded(memory, encoder.finalState(), s, n);
    }

    // ---------------------------------------------------------------- one decoder step

    /** What a decoder step keeps for backward. */
    private record DecoderStep(RecurrentCell.Step cell, Attention.Step attended, INDArray context) {
    }

    /** c_i from s_{i−1}, then s_i = cell(xw_emb + c_i W_c, s_{i−1}). */
    private DecoderStep step(Encoded enc, INDArray xwEmbedding, CellState previous) {
        Attention.Step attended = null;
        INDArray context;
        if (attention == null) {
            context = enc.last().h();                                  // c_i = h_S, the same for every i
        } else {
            attended = attention.forward(enc.memory(), previous.h()); // c_i = Σ_j α_ij h_j, query s_{i−1}
            context = attended.context();
        }
        INDArray xw = decoderInput.withContext(xwEmbedding, context);                 // + c_i W_c
        return new DecoderStep(decoder.stepForward(xw, previous), attended, context);
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
        int n = b.size();
        int t = b.targetLength();
        int h = config.hidden();
        Encoded enc = encode(b);
        INDArray emb = targetEmbedding.forward(b.targetInput());                   // [T·N, E]
        INDArray xwEmb = decoderInput.embeddingInput(emb);                                       // all steps at once
        INDArray outs = Nd4j.create(dtype, t, n, 2 * h);
        List<DecoderStep> steps = new ArrayList<>(t);
        CellState state = enc.last();                                               // s_0 = h_S
        for (int i = 0; i < t; i++) {
            DecoderStep st = step(enc, rows(xwEmb, i, n), state);
            steps.add(st);
            state = st.cell().next();
            INDArray o = outs.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
            o.get(NDArrayIndex.all(), NDArrayIndex.interval(0, h)).assign(state.h());        // [s_i ; c_i]
            o.get(NDArrayIndex.all(), NDArrayIndex.interval(h, 2 * h)).assign(st.context());
        }
        INDArray logits = output.forward(outs);                                     // [T, N, V]
        double loss = crossEntropy.forward(logits, b.targetOutput(), b.targetMask());
        if (!backward) {
            return loss;
        }
        INDArray dOuts = output.backward(crossEntropy.backward());                  // [T, N, 2H]
        INDArray dXwAll = Nd4j.create(dtype, (long) t * n, decoder.gateSize());
        INDArray dFixed = attention == null ? Nd4j.zeros(dtype, n, h) : null;
        CellState dState = zerosLike(state);
        for (int i = t - 1; i >= 0; i--) {                                          // BPTT through the decoder
            DecoderStep st = steps.get(i);
            INDArray dOut = dOuts.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
            INDArray dh = dState.h().add(dOut.get(NDArrayIndex.all(), NDArrayIndex.interval(0, h)));
            INDArray dContext = dOut.get(NDArrayIndex.all(), NDArrayIndex.interval(h, 2 * h)).dup();
            RecurrentCell.StepGrad g = decoder.stepBackward(st.cell(), new CellState(dh, dState.c()));
            rows(dXwAll, i, n).assign(g.dXw());
            decoderInput.contextBackward(st.context(), g.dXw(), dContext);   // dW_c += c_iᵀ dxw, dc_i += dxw W_cᵀ
            INDArray dPrevious = g.dPrevious().h();
            if (attention == null) {
                dFixed.addi(dContext);
            } else {
                dPrevious = dPrevious.add(attention.backward(st.attended(), dContext));     // the query was s_{i−1}
            }
            dState = new CellState(dPrevious, g.dPrevious().c());
        }
        targetEmbedding.backward(decoderInput.embeddingBackward(emb, dXwAll));      // dW_e += Eᵀ dXW, db

        // into the encoder: through the keys (attention) and through h_S (s_0, and the fixed context)
        INDArray dHs = attention == null ? null : attention.keysBackward(enc.memory()).permute(1, 0, 2).dup('c');
        CellState dLast = dFixed == null ? dState : new CellState(dState.h().add(dFixed), dState.c());
        INDArray dx = encoder.backward(dHs, dLast);
        sourceEmbedding.backward(dx.reshape('c', (long) enc.length() * n, config.embedding()));
        return loss;
    }

    // ---------------------------------------------------------------- inference

    /** Greedy decoding: y_i = argmax p(y | y_{<i}, x), until EOS or {@code maxLength} tokens. */
    public Decoded greedy(Batch b, int maxLength) {
        requireLength(maxLength);
        int n = b.size();
        Encoded enc = encode(b);
        int[] previous = new int[n];
        Arrays.fill(previous, Vocabulary.BOS);
        GreedyCollector collected = new GreedyCollector(n, attention != null);
        double[] logProbs = new double[n];
        CellState state = enc.last();
        for (int i = 0; i < maxLength; i++) {
            DecoderStep st = step(enc, decoderInput.embeddingInput(targetEmbedding.forward(previous)), state);
            state = st.cell().next();
            double[] lp = logSoftmax(output.forward(concat(state.h(), st.context())));
            double[] alpha = st.attended() == null ? null : jdl.nn.Shapes.doubles(st.attended().weights());
            int v = target.size();
            boolean all = true;
            for (int k = 0; k < n; k++) {
                int best = Vocabulary.EOS + argmax(lp, k * v + Vocabulary.EOS, v - Vocabulary.EOS);   // never PAD or BOS
                previous[k] = best;
                if (collected.done(k)) {
                    continue;
                }
                logProbs[k] += lp[k * v + best];
                double[] row = alpha == null ? null : Arrays.copyOfRange(alpha, k * enc.length(), (k + 1) * enc.length());
                if (collected.add(k, best, row)) {
                    all = false;
                }
            }
            if (all) {
                break;
            }
        }
        return new Decoded(collected.tokens(), logProbs, collected.weights());
    }

    /**
     * Beam search: keeps the {@code width} most probable partial translations of every source (all sources
     * in one batch of N·width rows); a hypothesis that emitted EOS is kept unchanged. Returns the most
     * probable one (total log-probability, no length normalisation). Width 1 is greedy decoding.
     */
    public Decoded beam(Batch b, int width, int maxLength) {
        requireLength(maxLength);
        if (width < 1) {
            throw new IllegalArgumentException("width: expected at least 1 hypothesis, got " + width);
        }
        int n = b.size();
        int rowsTotal = n * width;
        Encoded single = encode(b);
        int[] repeat = new int[rowsTotal];                 // row r belongs to source r / width
        for (int r = 0; r < rowsTotal; r++) {
            repeat[r] = r / width;
        }
        Attention.Memory memory = attention == null ? null : attention.memory(
                gatherRows(single.memory().keys(), repeat), Nd4j.pullRows(single.memory().mask(), 1, repeat));
        CellState state = gather(single.last(), repeat);
        Encoded enc = new Encoded(memory, state, single.length(), rowsTotal);
        double[] scores = new double[rowsTotal];
        for (int r = 0; r < rowsTotal; r++) {
            scores[r] = r % width == 0 ? 0 : Double.NEGATIVE_INFINITY;   // start from one hypothesis, not width copies
        }
        int[][] seqs = new int[rowsTotal][0];
        boolean[] finished = new boolean[rowsTotal];
        int[] previous = new int[rowsTotal];
        Arrays.fill(previous, Vocabulary.BOS);
        int v = target.size();
        for (int i = 0; i < maxLength; i++) {
            DecoderStep st = step(enc, decoderInput.embeddingInput(targetEmbedding.forward(previous)), state);
            CellState next = st.cell().next();
            double[] lp = logSoftmax(output.forward(concat(next.h(), st.context())));
            int[] parents = new int[rowsTotal];
            int[] tokens = new int[rowsTotal];
            double[] newScores = new double[rowsTotal];
            boolean[] newFinished = new boolean[rowsTotal];
            int[][] newSeqs = new int[rowsTotal][];
            boolean allFinished = true;
            for (int src = 0; src < n; src++) {
                // candidates: (score, row, token); a finished row offers only itself (token −1)
                List<double[]> cand = new ArrayList<>();
                for (int k = 0; k < width; k++) {
                    int r = src * width + k;
                    if (scores[r] == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    if (finished[r]) {
                        cand.add(new double[] {scores[r], r, -1});
                    } else {
                        for (int y = 0; y < v; y++) {
                            if (y != Vocabulary.PAD && y != Vocabulary.BOS) {
                                cand.add(new double[] {scores[r] + lp[r * v + y], r, y});
                            }
                        }
                    }
                }
                // stable sort: ties keep the lower row and token, as argmax does
                cand.sort((a, c) -> Double.compare(c[0], a[0]));
                for (int k = 0; k < width; k++) {
                    int r = src * width + k;
                    if (k >= cand.size()) {
                        parents[r] = src * width;
                        newScores[r] = Double.NEGATIVE_INFINITY;
                        newFinished[r] = true;
                        newSeqs[r] = new int[0];
                        tokens[r] = Vocabulary.EOS;
                        continue;
                    }
                    double[] c = cand.get(k);
                    int parent = (int) c[1];
                    int y = (int) c[2];
                    parents[r] = parent;
                    newScores[r] = c[0];
                    if (y < 0 || y == Vocabulary.EOS) {
                        newFinished[r] = true;
                        newSeqs[r] = seqs[parent];
                        tokens[r] = Vocabulary.EOS;
                    } else {
                        newSeqs[r] = Arrays.copyOf(seqs[parent], seqs[parent].length + 1);
                        newSeqs[r][seqs[parent].length] = y;
                        tokens[r] = y;
                        allFinished = false;
                    }
                }
            }
            state = gather(next, parents);
            scores = newScores;
            finished = newFinished;
            seqs = newSeqs;
            previous = tokens;
            if (allFinished) {
                break;
            }
        }
        int[][] best = new int[n][];
        double[] bestScores = new double[n];
        for (int src = 0; src < n; src++) {
            int arg = src * width;
            for (int k = 1; k < width; k++) {
                if (scores[src * width + k] > scores[arg]) {
                    arg = src * width + k;
                }
            }
            best[src] = seqs[arg];
            bestScores[src] = scores[arg];
        }
        return new Decoded(best, bestScores, null);
    }

    /**
     * Translates token lists (in chunks of 500 sources): beam width 1 decodes greedily.
     */
    public List<List<String>> translate(List<List<String>> sources, int beamWidth, int maxLength) {
        List<List<String>> out = new ArrayList<>();
        for (int from = 0; from < sources.size(); from += 500) {
            Batch b = Batch.sources(sources.subList(from, Math.min(sources.size(), from + 500)), source, dtype);
            Decoded d = beamWidth == 1 ? greedy(b, maxLength) : beam(b, beamWidth, maxLength);
            for (int[] ids : d.tokens()) {
                out.add(target.decode(ids));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private static INDArray rows(INDArray stacked, int i, int n) {
        return stacked.get(NDArrayIndex.interval((long) i * n, (long) (i + 1) * n), NDArrayIndex.all());
    }

    private static INDArray concat(INDArray a, INDArray b) {
        return Nd4j.concat(1, a, b);
    }

    private static CellState zerosLike(CellState s) {
        return new CellState(Nd4j.zerosLike(s.h()), s.c() == null ? null : Nd4j.zerosLike(s.c()));
    }

    private static CellState gather(CellState s, int[] rows) {
        return new CellState(Nd4j.pullRows(s.h(), 1, rows), s.c() == null ? null : Nd4j.pullRows(s.c(), 1, rows));
    }

    private static INDArray gatherRows(INDArray x3, int[] rows) {
        long s = x3.size(1);
        long d = x3.size(2);
        return Nd4j.pullRows(x3.reshape('c', x3.size(0), s * d), 1, rows).reshape('c', rows.length, s, d);
    }

    /** log softmax of every row of logits [N, V], as one flat double[N·V]. */
    private static double[] logSoftmax(INDArray logits) {
        int v = (int) logits.columns();
        double[] z = jdl.nn.Shapes.doubles(logits);
        for (int r = 0; r < z.length / v; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < v; c++) {
                max = Math.max(max, z[r * v + c]);
            }
            double sum = 0;
            for (int c = 0; c < v; c++) {
                sum += Math.exp(z[r * v + c] - max);
            }
            double log = max + Math.log(sum);
            for (int c = 0; c < v; c++) {
                z[r * v + c] -= log;
            }
        }
        return z;
    }

    private static int argmax(double[] a, int from, int length) {
        int best = from;
        for (int i = from + 1; i < from + length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best - from;
    }

    private static void requireLength(int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength: expected at least 1 output token, got " + maxLength);
        }
    }

    public Seq2SeqConfig config() {
        return config;
    }

    public Params params() {
        return params;
    }

    /** The attention module (null for the FIXED context). */
    public Attention attention() {
        return attention;
    }

    public Vocabulary sourceVocabulary() {
        return source;
    }

    public Vocabulary targetVocabulary() {
        return target;
    }
}
