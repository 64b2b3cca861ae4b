package jdl.attention;

import java.util.ArrayList;
import java.util.List;

import jdl.tasks.Vocabulary;

/**
 * What greedy decoding emits for N sequences: each one's tokens up to its EOS and, with attention, its weights α
 * of every step (the EOS step included). Used by {@link Seq2Seq#greedy} and {@code jdl.caption.Captioner}.
 */
public final class GreedyCollector {

    private final List<List<Integer>> tokens = new ArrayList<>();
    private final List<List<double[]>> weights;
    private final boolean[] done;

    public GreedyCollector(int n, boolean withWeights) {
        if (n < 1) {
            throw new IllegalArgumentException("n: expected at least 1 sequence, got " + n);
        }
        weights = withWeights ? new ArrayList<>() : null;
        for (int k = 0; k < n; k++) {
            tokens.add(new ArrayList<>());
            if (weights != null) {
                weights.add(new ArrayList<>());
            }
        }
        done = new boolean[n];
    }

    /** Whether sequence k has emitted its EOS. */
    public boolean done(int k) {
        return done[k];
    }

    /**
     * Records sequence k's next token and its step's α row (null without attention); returns whether k goes on
     * (the token was not EOS). A finished sequence ignores further steps.
     */
    public boolean add(int k, int token, double[] alpha) {
        if (done[k]) {
            return false;
        }
        if (weights != null) {
            weights.get(k).add(alpha);
        }
        if (token == Vocabulary.EOS) {
            done[k] = true;
            return false;
        }
        tokens.get(k).add(token);
        return true;
    }

    /** The token ids of every sequence, without EOS. */
    public int[][] tokens() {
        int[][] out = new int[tokens.size()][];
        for (int k = 0; k < out.length; k++) {
            out[k] = tokens.get(k).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /** α per sequence and step [n][steps][keys], or null without attention. */
    public double[][][] weights() {
        if (weights == null) {
            return null;
        }
        double[][][] out = new double[weights.size()][][];
        for (int k = 0; k < out.length; k++) {
            out[k] = weights.get(k).toArray(new double[0][]);
        }
        return out;
    }
}
