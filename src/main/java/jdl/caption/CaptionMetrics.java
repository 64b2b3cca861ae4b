package jdl.caption;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdl.tasks.Scenes;

/**
 * How good captions are: corpus BLEU-4, exact caption match, and attention correctness.
 *
 * <p><b>BLEU-4</b> (Papineni et al. 2002), one reference per caption, at corpus level:
 * <pre>
 *   p_n  = Σ_captions Σ_{n-grams g of the hypothesis} min(count_hyp(g), count_ref(g)) / Σ_captions (n-grams in the hypothesis)
 *   BP   = 1 if c &gt; r, else exp(1 − r/c)          c, r: total hypothesis and reference lengths in tokens
 *   BLEU = BP · exp(Σ_{n=1..4} ¼ log p_n)          (0 if some p_n = 0)
 * </pre>
 * The "modified" precision clips each n-gram's count at its count in the reference, so repeating a right word
 * does not pay.
 */
public final class CaptionMetrics {

    private CaptionMetrics() {
    }

    /** Corpus BLEU-4 of the hypotheses against one reference each, in [0, 1]. */
    public static double bleu(List<List<String>> references, List<List<String>> hypotheses) {
        return bleu(references, hypotheses, 4);
    }

    /** Corpus BLEU with n-grams up to {@code maxOrder}, uniform weights. */
    public static double bleu(List<List<String>> references, List<List<String>> hypotheses, int maxOrder) {
        requireSameSize(references, hypotheses);
        if (maxOrder < 1) {
            throw new IllegalArgumentException("maxOrder: expected at least 1, got " + maxOrder);
        }
        long c = 0;
        long r = 0;
        long[] matched = new long[maxOrder];
        long[] total = new long[maxOrder];
        for (int i = 0; i < references.size(); i++) {
            List<String> ref = references.get(i);
            List<String> hyp = hypotheses.get(i);
            c += hyp.size();
            r += ref.size();
            for (int n = 1; n <= maxOrder; n++) {
                Map<List<String>, Integer> refCounts = ngrams(ref, n);
                for (Map.Entry<List<String>, Integer> e : ngrams(hyp, n).entrySet()) {
                    matched[n - 1] += Math.min(e.getValue(), refCounts.getOrDefault(e.getKey(), 0));
                    total[n - 1] += e.getValue();
                }
            }
        }
        if (c == 0) {
            return 0;
        }
        double logSum = 0;
        for (int n = 0; n < maxOrder; n++) {
            if (matched[n] == 0) {
                return 0;
            }
            logSum += Math.log((double) matched[n] / total[n]) / maxOrder;
        }
        double brevity = c > r ? 1 : Math.exp(1 - (double) r / c);
        return brevity * Math.exp(logSum);
    }

    /** The n-grams of a token list with their counts. */
    static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return counts;
    }

    /** The fraction of hypotheses equal to their reference, token for token. */
    public static double exactMatch(List<List<String>> references, List<List<String>> hypotheses) {
        requireSameSize(references, hypotheses);
        int same = 0;
        for (int i = 0; i < references.size(); i++) {
            same += references.get(i).equals(hypotheses.get(i)) ? 1 : 0;
        }
        return (double) same / references.size();
    }

    /**
     * Attention correctness: over every token t with a region (regions[k][t] ≥ 0, the item words), the fraction whose
     * attention peak argmax_i α[k][t][i] is that region. {@code alpha[k]} may have more rows than the caption (EOS).
     */
    public static double attentionCorrectness(double[][][] alpha, List<int[]> regions) {
        int[] counts = attentionHits(alpha, regions);
        return counts[1] == 0 ? Double.NaN : (double) counts[0] / counts[1];
    }

    /** {hits, item words}: the counts behind {@link #attentionCorrectness}. */
    public static int[] attentionHits(double[][][] alpha, List<int[]> regions) {
        if (alpha == null || regions == null || alpha.length != regions.size()) {
            throw new IllegalArgumentException("alpha, regions: expected one entry per caption in both, got "
                    + (alpha == null ? "null" : alpha.length) + " and " + (regions == null ? "null" : regions.size()));
        }
        int hits = 0;
        int items = 0;
        for (int k = 0; k < alpha.length; k++) {
            int[] reg = regions.get(k);
            for (int t = 0; t < reg.length && t < alpha[k].length; t++) {
                if (reg[t] < 0) {
                    continue;
                }
                items++;
                hits += argmax(alpha[k][t]) == reg[t] ? 1 : 0;
            }
        }
        return new int[] {hits, items};
    }

    /**
     * For each token of a caption in the scene grammar, the region its words name ("top left : bag": the bag's
     * token gets region 0), −1 for the other tokens: lets attention correctness be measured on generated captions.
     */
    public static int[] namedRegions(List<String> caption) {
        int[] out = new int[caption.size()];
        for (int t = 0; t < out.length; t++) {
            out[t] = -1;
            if (t >= 3 && Scenes.ITEMS.contains(caption.get(t)) && caption.get(t - 1).equals(":")) {
                int row = List.of("top", "bottom").indexOf(caption.get(t - 3));
                int column = List.of("left", "right").indexOf(caption.get(t - 2));
                if (row >= 0 && column >= 0) {
                    out[t] = row * Scenes.GRID + column;
                }
            }
        }
        return out;
    }

    /** {@link #namedRegions} of every caption. */
    public static List<int[]> namedRegionsOf(List<List<String>> captions) {
        List<int[]> out = new ArrayList<>();
        for (List<String> c : captions) {
            out.add(namedRegions(c));
        }
        return out;
    }

    static int argmax(double[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void requireSameSize(List<?> references, List<?> hypotheses) {
        if (references == null || hypotheses == null || references.size() != hypotheses.size() || references.isEmpty()) {
            throw new IllegalArgumentException("references, hypotheses: expected two non-empty lists of the same size, got "
                    + (references == null ? "null" : references.size()) + " and "
                    + (hypotheses == null ? "null" : hypotheses.size()));
        }
    }
}
