package jdl.caption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** BLEU-4 on worked examples, exact match, attention correctness. */
class CaptionMetricsTest {

    private static final List<String> REF = words("top left : bag . bottom right : sneaker");
    private static final List<String> HYP = words("top left : bag . bottom left : sneaker");
    private static final List<String> SHORT = words("top left : bag");

    private static List<String> words(String s) {
        return List.of(s.split(" "));
    }

    /**
     * Reference "top left : bag . bottom right : sneaker", hypothesis "… bottom left : sneaker" (9 tokens each):
     * <ul>
     * <li>unigrams: all 9 hypothesis words occur in the reference, but "left" twice against once: clipped 8/9;</li>
     * <li>bigrams (8): all but "bottom left" and the second "left :" (the reference has one): 6/8;</li>
     * <li>trigrams (7): "top left :", "left : bag", ": bag .", "bag . bottom" match: 4/7;</li>
     * <li>4-grams (6): "top left : bag", "left : bag .", ": bag . bottom" match: 3/6;</li>
     * <li>c = r = 9, so BP = 1; BLEU = (8/9 · 6/8 · 4/7 · 3/6)^¼ = (576/3024)^¼ = (4/21)^¼ = 0.66063…</li>
     * </ul>
     */
    @Test
    void bleuOfOneWrongWordMatchesTheHandComputation() {
        assertEquals(Math.pow(4.0 / 21, 0.25), CaptionMetrics.bleu(List.of(REF), List.of(HYP)), 1e-12);
        assertEquals(0.6606, CaptionMetrics.bleu(List.of(REF), List.of(HYP)), 1e-4);
    }

    /**
     * Corpus level: the pair above plus "top left : bag" against the same 9-token reference. Its n-grams all match
     * (4/4, 3/3, 2/2, 1/1), so the sums are p_1 = 12/13, p_2 = 9/11, p_3 = 6/9, p_4 = 4/7; c = 13 &lt; r = 18 gives
     * BP = exp(1 − 18/13) = 0.68071; BLEU = 0.68071 · (2592/9009)^¼ = 0.68071 · 0.73239 = 0.49855.
     * Alone, the short hypothesis has all precisions 1 and BLEU = BP = exp(1 − 9/4) = 0.28650.
     */
    @Test
    void bleuIsCorpusLevelWithTheBrevityPenalty() {
        double expected = Math.exp(1 - 18.0 / 13) * Math.pow(2592.0 / 9009, 0.25);
        assertEquals(expected, CaptionMetrics.bleu(List.of(REF, REF), List.of(HYP, SHORT)), 1e-12);
        assertEquals(0.49855, expected, 1e-5);
        assertEquals(Math.exp(-1.25), CaptionMetrics.bleu(List.of(REF), List.of(SHORT)), 1e-12);
    }

    @Test
    void bleuIsOneForIdenticalAndZeroWithoutAFourGram() {
        assertEquals(1.0, CaptionMetrics.bleu(List.of(REF), List.of(REF)), 1e-12);
        assertEquals(0.0, CaptionMetrics.bleu(List.of(REF), List.of(words("bag : left top"))), 0);
        assertEquals(0.0, CaptionMetrics.bleu(List.of(REF), List.of(List.of())), 0);
    }

    @Test
    void modifiedPrecisionClipsRepeatedWords() {
        // "bag bag bag bag" against "bag": unigram precision 1/4, not 4/4
        assertEquals(0.25, CaptionMetrics.bleu(List.of(words("bag")), List.of(words("bag bag bag bag")), 1), 1e-12);
    }

    @Test
    void exactMatchCountsWholeCaptions() {
        assertEquals(0.5, CaptionMetrics.exactMatch(List.of(REF, REF), List.of(REF, HYP)), 0);
    }

    @Test
    void attentionCorrectnessComparesThePeakWithTheItemsRegion() {
        List<int[]> regions = List.of(new int[] {-1, -1, -1, 0, -1, -1, -1, -1, 3});
        double[][] alpha = new double[10][4];
        alpha[3] = new double[] {0.7, 0.1, 0.1, 0.1};     // bag in region 0: a hit
        alpha[8] = new double[] {0.1, 0.5, 0.1, 0.3};     // sneaker in region 3: a miss
        assertArrayEquals(new int[] {1, 2}, CaptionMetrics.attentionHits(new double[][][] {alpha}, regions));
        assertEquals(0.5, CaptionMetrics.attentionCorrectness(new double[][][] {alpha}, regions), 0);
    }

    @Test
    void namedRegionsFollowTheGrammar() {
        assertArrayEquals(new int[] {-1, -1, -1, 0, -1, -1, -1, -1, 3}, CaptionMetrics.namedRegions(REF));
        assertArrayEquals(new int[] {-1, -1, -1, 0, -1, -1, -1, -1, 2}, CaptionMetrics.namedRegions(HYP));
        assertArrayEquals(new int[] {-1, -1}, CaptionMetrics.namedRegions(words(": bag")));
    }

    @Test
    void badInputNamesTheArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CaptionMetrics.bleu(List.of(REF), List.of(REF, HYP)));
        assertTrue(e.getMessage().contains("references, hypotheses") && e.getMessage().contains("1 and 2"), e.getMessage());
    }
}
