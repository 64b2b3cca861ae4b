package jdl.attention;

import java.util.List;

/**
 * How good translations are: exact match (the whole output equals the reference) and the character error
 * rate, CER = Σ Levenshtein(hypothesis, reference) / Σ |reference| over a corpus (the edits, insertions,
 * deletions and substitutions of characters, needed per reference character; 0 is perfect, it can exceed 1).
 */
public final class TranslationMetrics {

    private TranslationMetrics() {
    }

    /** The Levenshtein distance: the fewest insertions, deletions and substitutions that turn a into b. */
    public static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The fraction of hypotheses equal to their reference. */
    public static double exactMatch(List<String> references, List<String> hypotheses) {
        requireSameSize(references, hypotheses);
        int same = 0;
        for (int i = 0; i < references.size(); i++) {
            if (references.get(i).equals(hypotheses.get(i))) {
                same++;
            }
        }
        return (double) same / references.size();
    }

    /** Σ Levenshtein(hypothesis, reference) / Σ |reference|. */
    public static double characterErrorRate(List<String> references, List<String> hypotheses) {
        requireSameSize(references, hypotheses);
        long edits = 0;
        long chars = 0;
        for (int i = 0; i < references.size(); i++) {
            edits += levenshtein(hypotheses.get(i), references.get(i));
            chars += references.get(i).length();
        }
        if (chars == 0) {
            throw new IllegalArgumentException("references: expected some characters, got only empty strings");
        }
        return (double) edits / chars;
    }

    /**
     * Exact-match accuracy per source length: for each length L from 1 to max(lengths), the fraction of
     * correct[i] among the examples with lengths[i] = L (NaN where there are none).
     */
    public static double[] accuracyByLength(int[] lengths, boolean[] correct) {
        if (lengths.length != correct.length || lengths.length == 0) {
            throw new IllegalArgumentException("lengths, correct: expected the same non-zero number of entries, got "
                    + lengths.length + " and " + correct.length);
        }
        int max = 0;
        for (int l : lengths) {
            max = Math.max(max, l);
        }
        double[] right = new double[max + 1];
        double[] count = new double[max + 1];
        for (int i = 0; i < lengths.length; i++) {
            count[lengths[i]]++;
            right[lengths[i]] += correct[i] ? 1 : 0;
        }
        double[] acc = new double[max];
        for (int l = 1; l <= max; l++) {
            acc[l - 1] = count[l] == 0 ? Double.NaN : right[l] / count[l];
        }
        return acc;
    }

    private static void requireSameSize(List<String> references, List<String> hypotheses) {
        if (references == null || hypotheses == null || references.size() != hypotheses.size() || references.isEmpty()) {
            throw new IllegalArgumentException("references, hypotheses: expected two lists of the same non-zero size, got "
                    + (references == null ? "null" : references.size()) + " and "
                    + (hypotheses == null ? "null" : hypotheses.size()));
        }
    }
}
