package jdl.transformer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.nd4j.linalg.api.buffer.DataType;

import jdl.nn.Rng;
import jdl.tasks.Batch;
import jdl.tasks.Vocabulary;

/**
 * Order-dependent synthetic tasks on sequences of symbols 0 … s−1: REVERSE ("3 1 4" → "4 1 3"), SORT ("3 1 4" →
 * "1 3 4") and COPY. Reversing needs to know where every token stands; without positional information the
 * encoder sees only the bag of tokens and cannot solve it. (Sorting needs only the bag, so it is the control.)
 *
 * <p>A held-out test set of {@code testSize} distinct sequences is drawn from the seed at construction; training
 * examples are drawn afresh and never equal a test sequence, so test accuracy measures generalisation.
 * Lengths are uniform in minLength … maxLength.
 *
 * <p>Two formats: for {@link TransformerSeq2Seq} a {@link Batch} (source = input, target = answer, the symbols
 * as tokens "0", "1", …); for {@link TransformerLM} one sequence "input SEP answer" (minGPT's sort demo), with
 * SEP = {@link Vocabulary#BOS} and the loss counted on the answer part only.
 */
public final class SequenceTask {

    public enum Kind { REVERSE, SORT, COPY }

    /** Language-model inputs and targets [N][2·maxLength]; targets {@link TransformerLM#IGNORE} outside the answer. */
    public record LmBatch(int[][] inputs, int[][] targets) {
    }

    private final Kind kind;
    private final int symbols;
    private final int minLength;
    private final int maxLength;
    private final Vocabulary vocabulary;
    private final List<int[]> test;
    private final Set<String> testKeys = new HashSet<>();

    public SequenceTask(Kind kind, int symbols, int minLength, int maxLength, int testSize, long seed) {
        if (kind == null) {
            throw new IllegalArgumentException("kind: expected REVERSE, SORT or COPY, got null");
        }
        if (symbols < 2) {
            throw new IllegalArgumentException("symbols: expected at least 2, got " + symbols);
        }
        if (minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException("minLength, maxLength: expected 1 ≤ minLength ≤ maxLength, got "
                    + minLength + " and " + maxLength);
        }
        if (testSize < 0 || testSize > Math.pow(symbols, minLength) / 4 && testSize > Math.pow(symbols, maxLength) / 4) {
            throw new IllegalArgumentException("testSize: expected 0 up to a quarter of the possible sequences, got " + testSize);
        }
        this.kind = kind;
        this.symbols = symbols;
        this.minLength = minLength;
        this.maxLength = maxLength;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < symbols; i++) {
            words.add(Integer.toString(i));
        }
        this.vocabulary = new Vocabulary(words);
        Rng rng = new Rng(seed);
        List<int[]> held = new ArrayList<>();
        while (held.size() < testSize) {
            int[] x = draw(rng);
            if (testKeys.add(Arrays.toString(x))) {
                held.add(x);
            }
        }
        this.test = List.copyOf(held);
    }

    /** The answer: the input reversed, sorted or copied. */
    public int[] answer(int[] input) {
        int[] y = input.clone();
        switch (kind) {
            case REVERSE -> {
                for (int i = 0; i < y.length; i++) {
                    y[i] = input[input.length - 1 - i];
                }
            }
            case SORT -> Arrays.sort(y);
            case COPY -> {
            }
        }
        return y;
    }

    /** {@code count} fresh training inputs (symbol values), none of them in the test set. */
    public List<int[]> training(int count, Rng rng) {
        List<int[]> out = new ArrayList<>(count);
        while (out.size() < count) {
            int[] x = draw(rng);
            if (!testKeys.contains(Arrays.toString(x))) {
                out.add(x);
            }
        }
        return out;
    }

    /** The held-out test inputs. */
    public List<int[]> test() {
        return test;
    }

    /** Whether {@code input} is one of the held-out sequences. */
    public boolean isTest(int[] input) {
        return testKeys.contains(Arrays.toString(input));
    }

    // ---------------------------------------------------------------- encoder–decoder format

    /** Symbol tokens "0" … plus PAD, BOS (also SEP) and EOS; the same for source and target. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** A padded batch (source = input, target = answer) for {@link TransformerSeq2Seq} or the recurrent Seq2Seq. */
    public Batch batch(List<int[]> inputs, DataType dtype) {
        List<List<String>> sources = new ArrayList<>();
        List<List<String>> targets = new ArrayList<>();
        for (int[] x : inputs) {
            sources.add(tokens(x));
            targets.add(tokens(answer(x)));
        }
        return Batch.of(sources, targets, vocabulary, vocabulary, dtype);
    }

    /** The symbols as tokens ("3", "1", "4"). */
    public List<String> tokens(int[] symbolsIn) {
        List<String> out = new ArrayList<>(symbolsIn.length);
        for (int s : symbolsIn) {
            out.add(Integer.toString(s));
        }
        return out;
    }

    /** The fraction of {@code inputs} whose greedy translation equals the answer exactly. */
    public double exactMatch(TransformerSeq2Seq model, List<int[]> inputs) {
        List<List<String>> sources = new ArrayList<>();
        for (int[] x : inputs) {
            sources.add(tokens(x));
        }
        List<List<String>> out = model.translate(sources, maxLength + 1);
        int right = 0;
        for (int i = 0; i < inputs.size(); i++) {
            right += out.get(i).equals(tokens(answer(inputs.get(i)))) ? 1 : 0;
        }
        return inputs.isEmpty() ? 0 : (double) right / inputs.size();
    }

    // ---------------------------------------------------------------- language-model format

    /** Token id of symbol s in {@link #vocabulary()}. */
    public int id(int symbol) {
        return symbol + Vocabulary.EOS + 1;
    }

    /** Vocabulary size of the language model (symbols plus PAD, SEP = BOS, EOS). */
    public int lmVocabulary() {
        return vocabulary.size();
    }

    /** Sequence length of the language model's inputs: 2·maxLength (the last answer token is only a target). */
    public int lmLength() {
        return 2 * maxLength;
    }

    /**
     * "x_1 … x_L SEP y_1 … y_L" as inputs (all but the last token) and targets (the next token), padded with PAD to
     * 2·maxLength; only the positions that predict y_1 … y_L count.
     */
    public LmBatch lmBatch(List<int[]> inputs) {
        int len = lmLength();
        int[][] in = new int[inputs.size()][len];
        int[][] out = new int[inputs.size()][len];
        for (int k = 0; k < inputs.size(); k++) {
            int[] x = inputs.get(k);
            int[] y = answer(x);
            int[] seq = new int[2 * x.length + 1];
            for (int i = 0; i < x.length; i++) {
                seq[i] = id(x[i]);
                seq[x.length + 1 + i] = id(y[i]);
            }
            seq[x.length] = Vocabulary.BOS;                       // SEP
            Arrays.fill(out[k], TransformerLM.IGNORE);
            for (int i = 0; i < len; i++) {
                in[k][i] = i < seq.length - 1 ? seq[i] : Vocabulary.PAD;
                if (i >= x.length && i < seq.length - 1) {
                    out[k][i] = seq[i + 1];                       // SEP predicts y_1, y_i predicts y_{i+1}
                }
            }
        }
        return new LmBatch(in, out);
    }

    /** The fraction of {@code inputs} for which the language model, prompted with "x SEP", generates the answer. */
    public double exactMatch(TransformerLM model, List<int[]> inputs) {
        int right = 0;
        for (int len = minLength; len <= maxLength; len++) {     // one batch per length: prompts of equal length
            List<int[]> group = new ArrayList<>();
            for (int[] x : inputs) {
                if (x.length == len) {
                    group.add(x);
                }
            }
            if (group.isEmpty()) {
                continue;
            }
            int[][] prompts = new int[group.size()][len + 1];
            for (int k = 0; k < group.size(); k++) {
                for (int i = 0; i < len; i++) {
                    prompts[k][i] = id(group.get(k)[i]);
                }
                prompts[k][len] = Vocabulary.BOS;
            }
            int[][] generated = model.generate(prompts, len);
            for (int k = 0; k < group.size(); k++) {
                int[] y = answer(group.get(k));
                boolean same = true;
                for (int i = 0; i < len; i++) {
                    same &= generated[k][i] == id(y[i]);
                }
                right += same ? 1 : 0;
            }
        }
        return inputs.isEmpty() ? 0 : (double) right / inputs.size();
    }

    public Kind kind() {
        return kind;
    }

    public int symbols() {
        return symbols;
    }

    public int minLength() {
        return minLength;
    }

    public int maxLength() {
        return maxLength;
    }

    private int[] draw(Rng rng) {
        int len = minLength + rng.nextInt(maxLength - minLength + 1);
        int[] x = new int[len];
        for (int i = 0; i < len; i++) {
            x[i] = rng.nextInt(symbols);
        }
        return x;
    }
}
