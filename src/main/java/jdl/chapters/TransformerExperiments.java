package jdl.chapters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import jdl.nn.Budget;
import jdl.nn.History;
import jdl.nn.Optimizer;
import jdl.nn.Params;
import jdl.nn.Rng;
import jdl.nn.Schedules;
import jdl.nn.TimedRun;
import jdl.nn.Trainer;
import jdl.rnn.CharRnn;
import jdl.tasks.Batch;
import jdl.tasks.NumberPairs;
import jdl.transformer.Positions;
import jdl.transformer.TransformerConfig;
import jdl.transformer.TransformerLM;
import jdl.transformer.TransformerSeq2Seq;

/**
 * The training runs notebooks 12 and 12b compare: the Transformer encoder–decoder on the number-translation
 * split of notebook 08, where its cross-attention follows the crossing of units and tens, and character-level
 * language models (Transformer and LSTM) with their validation bits per character against the CPU time of
 * training, and the helpers to compare contextual vectors.
 */
public final class TransformerExperiments {

    private TransformerExperiments() {
    }

    // ---------------------------------------------------------------- translation

    /**
     * Trains {@code model} for {@code steps} steps on batches of {@code batchSize} pairs drawn from {@code train}
     * with {@code new Rng(batchSeed)} (notebook 08 draws with its config's seed + 1), Adam with linear warm-up to
     * {@code peakLearningRate} over {@code warmup} steps and cosine decay to a tenth, global-norm clipping.
     */
    public static History translation(TransformerSeq2Seq model, List<NumberPairs.Pair> train, int steps, int batchSize,
                                      double peakLearningRate, int warmup, double clipNorm, long batchSeed, boolean quiet) {
        if (steps < 1 || batchSize < 1 || warmup < 0 || warmup >= steps) {
            throw new IllegalArgumentException("steps, batchSize, warmup: expected steps ≥ 1, batchSize ≥ 1 and"
                    + " 0 ≤ warmup < steps, got " + steps + ", " + batchSize + ", " + warmup);
        }
        Rng batches = new Rng(batchSeed);
        Trainer trainer = new Trainer(new Optimizer(model.params(),
                new Adam(Schedules.warmupCosine(peakLearningRate, warmup, steps, 0.1)))).clipGradNorm(clipNorm);
        if (quiet) {
            trainer.quiet();
        }
        DataType dtype = model.params().dataType();
        return trainer.fit("Transformer translation", steps, step -> model.loss(Batch.sample(train, batchSize, batches,
                model.sourceVocabulary(), model.targetVocabulary(), dtype), true));
    }

    /**
     * The same training on a {@link Budget} of steps or CPU seconds: Adam with {@code warmup} steps of linear warm-up
     * to {@code peakLearningRate}, then constant (a time budget has no known last step for a decay to aim at), batches
     * drawn with {@code batchSeed}; the scores are the teacher-forced loss on {@code heldOut} (cross-entropy per target
     * token), measured before the first step and {@code evaluations} times over the budget.
     */
    public static TimedRun<TransformerSeq2Seq> timedTranslation(TransformerSeq2Seq model, List<NumberPairs.Pair> train,
                                                                Budget budget, int batchSize, double peakLearningRate,
                                                                int warmup, double clipNorm, long batchSeed,
                                                                Batch heldOut, int evaluations) {
        if (batchSize < 1 || warmup < 0) {
            throw new IllegalArgumentException("batchSize, warmup: expected batchSize ≥ 1 and warmup ≥ 0, got "
                    + batchSize + " and " + warmup);
        }
        Rng batches = new Rng(batchSeed);
        DataType dtype = model.params().dataType();
        return TimedRun.train("Transformer", model, model.params(),
                new Adam(Schedules.warmupCosine(peakLearningRate, warmup, Integer.MAX_VALUE / 2, 1.0)), clipNorm, budget,
                evaluations, s -> model.loss(Batch.sample(train, batchSize, batches, model.sourceVocabulary(),
                        model.targetVocabulary(), dtype), true), () -> model.loss(heldOut, false));
    }

    /**
     * One crossing of a number: English "forty - two" (tens, hyphen, unit) written as German "zwei und vierzig"
     * (unit, "und", tens). Positions are token indices of {@code pairs.get(example)}.
     */
    public record Crossing(int example, int tensSource, int unitSource, int unitTarget, int tensTarget) {
    }

    /**
     * Every crossing in {@code pairs}: the k-th hyphen of the English source paired with the k-th "und" of the
     * German target (both languages write one per two-digit group 21–99 that is not a multiple of ten).
     * Pairs whose hyphen and "und" counts differ are skipped.
     */
    public static List<Crossing> crossings(List<NumberPairs.Pair> pairs) {
        List<Crossing> out = new ArrayList<>();
        for (int k = 0; k < pairs.size(); k++) {
            List<String> src = pairs.get(k).source();
            List<String> tgt = pairs.get(k).target();
            List<Integer> hyphens = new ArrayList<>();
            List<Integer> unds = new ArrayList<>();
            for (int j = 1; j + 1 < src.size(); j++) {
                if (src.get(j).equals("-")) {
                    hyphens.add(j);
                }
            }
            for (int i = 1; i + 1 < tgt.size(); i++) {
                if (tgt.get(i).equals("und")) {
                    unds.add(i);
                }
            }
            if (hyphens.size() != unds.size()) {
                continue;
            }
            for (int c = 0; c < hyphens.size(); c++) {
                int j = hyphens.get(c);
                int i = unds.get(c);
                out.add(new Crossing(k, j - 1, j + 1, i - 1, i + 1));
            }
        }
        return out;
    }

    /**
     * The fraction of crossing rows whose largest attention weight falls on the expected source word: the row
     * that writes the German unit on the English unit, the row that writes the German tens on the English tens.
     * {@code attention.apply(example)} gives that example's weights [target step][source position], row i being
     * the step that outputs target token i.
     */
    public static double crossingAccuracy(List<Crossing> crossings, IntFunction<double[][]> attention) {
        if (crossings.isEmpty()) {
            throw new IllegalArgumentException("crossings: expected at least one crossing, got none");
        }
        int right = 0;
        for (Crossing c : crossings) {
            double[][] a = attention.apply(c.example());
            right += argmax(a[c.unitTarget()]) == c.unitSource() ? 1 : 0;
            right += argmax(a[c.tensTarget()]) == c.tensSource() ? 1 : 0;
        }
        return right / (2.0 * crossings.size());
    }

    /**
     * {@link #crossingAccuracy} of every cross-attention head, [layer][head], under teacher forcing on the
     * reference translations of {@code pairs} (one forward pass over all of them).
     */
    public static double[][] crossingAccuracyByHead(TransformerSeq2Seq model, List<NumberPairs.Pair> pairs) {
        List<Crossing> crossings = crossings(pairs);
        model.loss(Batch.of(pairs, model.sourceVocabulary(), model.targetVocabulary(), model.params().dataType()), false);
        double[][][][][] maps = new double[pairs.size()][][][][];
        for (Crossing c : crossings) {
            if (maps[c.example()] == null) {
                maps[c.example()] = model.crossAttention(c.example());
            }
        }
        int layers = model.config().layers();
        int heads = model.config().heads();
        double[][] out = new double[layers][heads];
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                final int layer = l;
                final int head = h;
                out[l][h] = crossingAccuracy(crossings, k -> maps[k][layer][head]);
            }
        }
        return out;
    }

    private static int argmax(double[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] > row[best]) {
                best = j;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- language models on one compute budget

    /**
     * A character-level {@link TransformerLM} on random windows of {@code config.maxLength()} characters (drawn with
     * {@code windowSeed}), {@code batchSize} windows a step, Adam with {@code warmup} steps of linear warm-up to
     * {@code learningRate} and then constant, trained until {@code budget} is spent; validation as
     * {@link #bitsPerChar}.
     */
    public static TimedRun<TransformerLM> charTransformer(int vocabularySize, TransformerConfig config, int batchSize,
                                                          double learningRate, int warmup, double clipNorm,
                                                          long windowSeed, int[] train, int[] val, int valChars,
                                                          Budget budget, int evaluations) {
        Params p = new Params(DataType.FLOAT);
        TransformerLM model = new TransformerLM(vocabularySize, config, p);
        Rng windows = new Rng(windowSeed);
        int t = config.maxLength();
        return TimedRun.train("Transformer", model, p, new Adam(Schedules.warmupCosine(learningRate, warmup,
                        Integer.MAX_VALUE / 2, 1.0)), clipNorm, budget, evaluations,
                s -> {
                    int[][] w = CharRnn.randomWindows(train, batchSize, t, windows);
                    return model.loss(inputs(w), targets(w), true);
                },
                () -> bitsPerChar(model, val, valChars));
    }

    /**
     * Bits per character of {@code model} on the first {@code maxChars} of {@code ids}, in consecutive windows of
     * the config's maxLength (no context carried between windows, as {@link CharRnn#bitsPerChar}).
     */
    public static double bitsPerChar(TransformerLM model, int[] ids, int maxChars) {
        return CharRnn.bitsPerChar(ids, maxChars, model.config().maxLength(),
                w -> model.loss(inputs(w), targets(w), false));
    }

    /** The first T of each window of T + 1 ids. */
    public static int[][] inputs(int[][] windows) {
        int[][] out = new int[windows.length][];
        for (int k = 0; k < windows.length; k++) {
            out[k] = Arrays.copyOfRange(windows[k], 0, windows[k].length - 1);
        }
        return out;
    }

    /** The last T of each window of T + 1 ids: the next character of every input position. */
    public static int[][] targets(int[][] windows) {
        int[][] out = new int[windows.length][];
        for (int k = 0; k < windows.length; k++) {
            out[k] = Arrays.copyOfRange(windows[k], 1, windows[k].length);
        }
        return out;
    }

    /**
     * One token in several contexts, as notebook 12b compares them: the final layer's vector at the last position of
     * each passage (centred by the mean vector, and raw), the input embedding there, their cosine similarities, and
     * for scale the centred and raw mean cosine between the positions of one other window.
     *
     * @param labels          "k word" per passage, for the heat maps
     * @param contexts        the passages
     * @param contextualCos   centred cosines of the final-layer vectors [passage][passage]
     * @param inputCos        cosines of the input embeddings
     * @param meanContextual  mean off-diagonal of {@code contextualCos}
     * @param rawContextual   the same without centring
     * @param meanInput       mean off-diagonal of {@code inputCos}
     * @param sameWord        mean centred cosine among the passages of the first word
     * @param otherWords      mean centred cosine between the first word's passages and the others
     * @param centredOthers   mean centred cosine between the positions of another window
     * @param rawOthers       the same without centring
     */
    public record ContextProbe(List<String> labels, List<String> contexts, double[][] contextualCos,
                               double[][] inputCos, double meanContextual, double rawContextual, double meanInput,
                               double sameWord, double otherWords, double centredOthers, double rawOthers) {
    }

    /**
     * Probes {@code model} with {@code firstCount} passages of {@code length} characters of {@code text} ending with
     * {@code firstWord} and one passage ending with each of {@code otherWords}; the mean vector comes from
     * {@code meanWindows} windows of {@code ids}, the window for scale from {@code text} at {@code scaleFrom}.
     */
    public static ContextProbe contextProbe(TransformerLM model, jdl.tasks.CharVocabulary vocab, String text, int[] ids,
                                            String firstWord, int firstCount, List<String> otherWords, int length,
                                            int meanWindows, int scaleFrom) {
        List<String> words = new ArrayList<>();
        List<String> contexts = new ArrayList<>(contextsEndingWith(text, firstWord, length, firstCount));
        contexts.forEach(c -> words.add(firstWord));
        for (String w : otherWords) {
            contexts.addAll(contextsEndingWith(text, w, length, 1));
            words.add(w);
        }
        if (contexts.size() != words.size()) {
            throw new IllegalArgumentException("text: expected " + firstCount + " passages ending with '" + firstWord
                    + "' and one with each other word, found " + contexts.size() + " passages");
        }
        double[] mean = meanHiddenState(model, ids, meanWindows);
        double[][] contextual = new double[contexts.size()][];
        double[][] input = new double[contexts.size()][];
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < contexts.size(); k++) {
            int[] tokens = vocab.encode(contexts.get(k));
            contextual[k] = model.hiddenStates(tokens)[length - 1];
            input[k] = model.tokenEmbedding(tokens[length - 1]);
            labels.add((k + 1) + " " + words.get(k));
        }
        double[][] contextualCos = cosineSimilarities(minus(contextual, mean));
        double[][] inputCos = cosineSimilarities(input);
        double sameWord = 0;
        double others = 0;
        int samePairs = firstCount * (firstCount - 1);
        int crossPairs = firstCount * otherWords.size();
        for (int a = 0; a < firstCount; a++) {
            for (int b = 0; b < contexts.size(); b++) {
                if (b < firstCount && b != a) {
                    sameWord += contextualCos[a][b] / samePairs;
                }
                if (b >= firstCount) {
                    others += contextualCos[a][b] / crossPairs;
                }
            }
        }
        double[][] window = model.hiddenStates(vocab.encode(text.substring(scaleFrom, scaleFrom + length)));
        return new ContextProbe(labels, contexts, contextualCos, inputCos, meanOffDiagonal(contextualCos),
                meanOffDiagonal(cosineSimilarities(contextual)), meanOffDiagonal(inputCos), sameWord, others,
                meanOffDiagonal(cosineSimilarities(minus(window, mean))), meanOffDiagonal(cosineSimilarities(window)));
    }

    /**
     * Up to {@code count} passages of exactly {@code length} characters from {@code text} that end with the
     * whole word {@code word} (a non-letter before it, a non-letter after it), taken from distinct occurrences
     * spread evenly over the text: one word in several contexts, always at the same position of the window.
     */
    public static List<String> contextsEndingWith(String text, String word, int length, int count) {
        if (word == null || word.isEmpty() || length < word.length() + 1 || count < 1) {
            throw new IllegalArgumentException("word, length, count: expected a word, a length longer than it and a count"
                    + " of at least 1, got '" + word + "', " + length + ", " + count);
        }
        List<Integer> ends = new ArrayList<>();
        for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            int end = at + word.length();
            boolean before = at > 0 && !Character.isLetter(text.charAt(at - 1));
            boolean after = end < text.length() && !Character.isLetter(text.charAt(end));
            if (before && after && end >= length) {
                ends.add(end);
            }
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < Math.min(count, ends.size()); k++) {
            int end = ends.get((int) ((long) k * ends.size() / Math.min(count, ends.size())));
            out.add(text.substring(end - length, end));
        }
        return out;
    }

    /**
     * The mean final-layer vector of {@code model} over every position of the first {@code windows} consecutive
     * windows of maxLength ids: the direction all contextual vectors share, to subtract before comparing them
     * (contextual vectors of a trained model all point roughly the same way, so raw cosines are all near 1).
     */
    public static double[] meanHiddenState(TransformerLM model, int[] ids, int windows) {
        int t = model.config().maxLength();
        if (windows < 1 || (long) windows * t > ids.length) {
            throw new IllegalArgumentException("windows: expected 1.." + ids.length / t + " windows of " + t + " ids, got " + windows);
        }
        double[] mean = new double[model.config().d()];
        for (int w = 0; w < windows; w++) {
            for (double[] h : model.hiddenStates(Arrays.copyOfRange(ids, w * t, (w + 1) * t))) {
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += h[i] / ((double) windows * t);
                }
            }
        }
        return mean;
    }

    /** Every vector minus {@code mean}. */
    public static double[][] minus(double[][] vectors, double[] mean) {
        double[][] out = new double[vectors.length][];
        for (int k = 0; k < vectors.length; k++) {
            if (vectors[k].length != mean.length) {
                throw new IllegalArgumentException("vectors[" + k + "]: expected " + mean.length + " values, got " + vectors[k].length);
            }
            out[k] = new double[mean.length];
            for (int i = 0; i < mean.length; i++) {
                out[k][i] = vectors[k][i] - mean[i];
            }
        }
        return out;
    }

    /** Cosine similarity of every pair of {@code vectors}: [n][n], 1 on the diagonal. */
    public static double[][] cosineSimilarities(double[][] vectors) {
        int n = vectors.length;
        double[][] out = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                out[a][b] = cosine(vectors[a], vectors[b]);
            }
        }
        return out;
    }

    /** u·v / (‖u‖ ‖v‖). */
    public static double cosine(double[] u, double[] v) {
        if (u.length != v.length) {
            throw new IllegalArgumentException("u, v: expected vectors of one length, got " + u.length + " and " + v.length);
        }
        double dot = 0;
        double uu = 0;
        double vv = 0;
        for (int i = 0; i < u.length; i++) {
            dot += u[i] * v[i];
            uu += u[i] * u[i];
            vv += v[i] * v[i];
        }
        return dot / Math.sqrt(uu * vv);
    }

    /** The mean of the off-diagonal entries of a square matrix (e.g. mean pairwise cosine similarity). */
    public static double meanOffDiagonal(double[][] m) {
        double sum = 0;
        int count = 0;
        for (int a = 0; a < m.length; a++) {
            for (int b = 0; b < m.length; b++) {
                if (a != b) {
                    sum += m[a][b];
                    count++;
                }
            }
        }
        return sum / count;
    }
}
