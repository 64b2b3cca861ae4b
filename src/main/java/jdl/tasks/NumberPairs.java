package jdl.tasks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.ibm.icu.text.RuleBasedNumberFormat;

import jdl.nn.Rng;

/**
 * English → German number pairs, generated at run time by ICU4J's rule-based spell-out: 42 → "forty-two" →
 * "zweiundvierzig". No download, real spelling, and a word order that differs: German says the units
 * before the tens ("two-and-forty"), so a good alignment has to cross.
 *
 * <p><b>Tokens.</b> English is split into words and the hyphen ("forty", "-", "two", "thousand"); German,
 * which writes a number as one word, is split by greedy longest match into a fixed set of 32 morphemes
 * ("zwei", "und", "vierzig", "hundert", "tausend", "ein"/"eins", the teens and tens). Both sides then have
 * at most 11 tokens for numbers below a million, and the crossing is visible token by token. ICU's German
 * contains soft hyphens (U+00AD) as hyphenation hints; they are removed.
 *
 * <p><b>Split.</b> Every number below 100 belongs to training (they are the building blocks of all the
 * others). Test numbers have 3 to {@code maxDigits} digits, the digit count drawn uniformly so that short
 * and long inputs are equally represented; training draws the same way and never takes a test number.
 */
public final class NumberPairs {

    /** One example: the number, its English tokens, its German morphemes and the German word itself. */
    public record Pair(long number, List<String> source, List<String> target, String targetText) {
    }

    /** Training and test pairs (disjoint numbers) and the two vocabularies. */
    public record Split(List<Pair> train, List<Pair> test, Vocabulary source, Vocabulary target, long seed) {
    }

    /** English word tokens: the number words, "hundred", "thousand" and the hyphen of "forty-two". */
    public static final List<String> ENGLISH = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
            "hundred", "thousand", "-");

    /** German morphemes, matched greedily longest first ("dreizehn" before "drei", "eins" before "ein"). */
    public static final List<String> GERMAN = List.of("null", "eins", "ein", "zwei", "drei", "vier", "fünf", "sechs",
            "sieben", "acht", "neun", "zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn",
            "siebzehn", "achtzehn", "neunzehn", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig",
            "achtzig", "neunzig", "und", "hundert", "tausend");

    private static final List<String> BY_LENGTH = GERMAN.stream()
            .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    private static final Vocabulary SOURCE = new Vocabulary(ENGLISH);
    // ICU formatters are expensive to build and not thread-safe: one each, used under the class lock
    private static final RuleBasedNumberFormat EN = new RuleBasedNumberFormat(Locale.ENGLISH, RuleBasedNumberFormat.SPELLOUT);
    private static final RuleBasedNumberFormat DE = new RuleBasedNumberFormat(Locale.GERMAN, RuleBasedNumberFormat.SPELLOUT);
    private static final Vocabulary TARGET = new Vocabulary(GERMAN);

    private NumberPairs() {
    }

    public static Vocabulary sourceVocabulary() {
        return SOURCE;
    }

    public static Vocabulary targetVocabulary() {
        return TARGET;
    }

    /** ICU's English spell-out, e.g. 1042 → "one thousand forty-two". */
    public static synchronized String english(long n) {
        requireRange(n);
        return EN.format(n);
    }

    /** ICU's German spell-out with the soft hyphens (U+00AD) removed, e.g. 42 → "zweiundvierzig". */
    public static synchronized String german(long n) {
        requireRange(n);
        return DE.format(n).replace("\u00AD", "");
    }

    /** "one hundred forty-two" → [one, hundred, forty, -, two]. */
    public static List<String> englishTokens(String text) {
        List<String> out = new ArrayList<>();
        for (String word : text.trim().split("\\s+")) {
            String[] parts = word.split("-", -1);
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    out.add("-");
                }
                if (!ENGLISH.contains(parts[i])) {
                    throw new IllegalArgumentException("text: '" + parts[i] + "' in '" + text + "' is not an English number word");
                }
                out.add(parts[i]);
            }
        }
        return out;
    }

    /** "zweiundvierzig" → [zwei, und, vierzig], by greedy longest match against {@link #GERMAN}. */
    public static List<String> germanTokens(String text) {
        List<String> out = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            String match = null;
            for (String m : BY_LENGTH) {
                if (text.startsWith(m, at)) {
                    match = m;
                    break;
                }
            }
            if (match == null) {
                throw new IllegalArgumentException("text: no German morpheme matches '" + text.substring(at)
                        + "' in '" + text + "'");
            }
            out.add(match);
            at += match.length();
        }
        return out;
    }

    /** The German tokens joined back into one word. */
    public static String germanText(List<String> tokens) {
        return String.join("", tokens);
    }

    public static Pair pair(long n) {
        String de = german(n);
        return new Pair(n, englishTokens(english(n)), germanTokens(de), de);
    }

    /**
     * A seeded split: all numbers 0–99 plus {@code trainSize} − 100 further numbers for training,
     * {@code testSize} numbers for testing, none of them in training. Numbers above 99 have a digit count
     * drawn uniformly from 3..maxDigits, then a uniform number with that many digits.
     */
    public static Split split(int maxDigits, int trainSize, int testSize, long seed) {
        if (maxDigits < 3 || maxDigits > 6) {
            throw new IllegalArgumentException("maxDigits: expected 3..6 (numbers below a million), got " + maxDigits);
        }
        if (trainSize < 100) {
            throw new IllegalArgumentException("trainSize: expected at least 100 (all numbers 0-99), got " + trainSize);
        }
        if (testSize < 1) {
            throw new IllegalArgumentException("testSize: expected at least 1, got " + testSize);
        }
        long available = (long) Math.pow(10, maxDigits) - 100;
        if ((long) trainSize - 100 + testSize > available / 2) {
            throw new IllegalArgumentException("trainSize, testSize: expected at most half of the " + available
                    + " numbers with 3.." + maxDigits + " digits together, got " + trainSize + " and " + testSize);
        }
        Rng rng = new Rng(seed);
        Set<Long> testNumbers = new HashSet<>();
        List<Pair> test = new ArrayList<>();
        while (test.size() < testSize) {
            long n = draw(maxDigits, rng);
            if (testNumbers.add(n)) {
                test.add(pair(n));
            }
        }
        Set<Long> seen = new HashSet<>();
        List<Pair> train = new ArrayList<>();
        for (long n = 0; n < 100; n++) {
            seen.add(n);
            train.add(pair(n));
        }
        while (train.size() < trainSize) {
            long n = draw(maxDigits, rng);
            if (!testNumbers.contains(n) && seen.add(n)) {
                train.add(pair(n));
            }
        }
        return new Split(List.copyOf(train), List.copyOf(test), SOURCE, TARGET, seed);
    }

    private static long draw(int maxDigits, Rng rng) {
        int digits = 3 + rng.nextInt(maxDigits - 2);
        long low = (long) Math.pow(10, digits - 1);
        return low + (long) (rng.uniform() * 9 * low);
    }

    private static void requireRange(long n) {
        if (n < 0 || n >= 1_000_000) {
            throw new IllegalArgumentException("n: expected a number in 0..999999, got " + n);
        }
    }

    /** Source lengths (tokens) of the pairs, e.g. for a histogram. */
    public static double[] sourceLengths(List<Pair> pairs) {
        return pairs.stream().mapToDouble(p -> p.source().size()).toArray();
    }

    /** Target lengths (tokens) of the pairs. */
    public static double[] targetLengths(List<Pair> pairs) {
        return pairs.stream().mapToDouble(p -> p.target().size()).toArray();
    }
}
