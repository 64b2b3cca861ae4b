package jdl.tasks;

import java.util.Arrays;
import java.util.TreeSet;

/** The characters of a text, each with an id (in Unicode order): encode text to ids and back. */
public final class CharVocabulary {

    private final char[] chars;
    private final int[] idOf = new int[Character.MAX_VALUE + 1];

    public CharVocabulary(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("text: expected a non-empty text, got " + (text == null ? "null" : "\"\""));
        }
        TreeSet<Character> set = new TreeSet<>();
        for (int i = 0; i < text.length(); i++) {
            set.add(text.charAt(i));
        }
        chars = new char[set.size()];
        Arrays.fill(idOf, -1);
        int k = 0;
        for (char c : set) {
            chars[k] = c;
            idOf[c] = k++;
        }
    }

    public int size() {
        return chars.length;
    }

    public int[] encode(String text) {
        int[] ids = new int[text.length()];
        for (int i = 0; i < ids.length; i++) {
            char c = text.charAt(i);
            ids[i] = idOf[c];
            if (ids[i] < 0) {
                throw new IllegalArgumentException("text: character '" + c + "' (U+" + String.format("%04X", (int) c)
                        + ") at position " + i + " is not in the vocabulary of " + size() + " characters");
            }
        }
        return ids;
    }

    public String decode(int... ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= chars.length) {
                throw new IllegalArgumentException("ids[" + i + "]: expected 0.." + (chars.length - 1) + ", got " + ids[i]);
            }
            sb.append(chars[ids[i]]);
        }
        return sb.toString();
    }

    /** Entropy of the character frequencies of {@code ids}, in bits: the unigram baseline for a language model. */
    public double unigramEntropyBits(int[] ids) {
        long[] counts = new long[size()];
        for (int id : ids) {
            counts[id]++;
        }
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / ids.length;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        return h;
    }
}
