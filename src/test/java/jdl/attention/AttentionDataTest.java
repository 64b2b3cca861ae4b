package jdl.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import jdl.tasks.Batch;
import jdl.tasks.NumberPairs;
import jdl.tasks.Vocabulary;

/** Number pairs, tokens, the split, batches and the metrics. */
class AttentionDataTest {

    @Test
    void spellOutHasNoSoftHyphensAndTokensCrossForFortyTwo() {
        assertEquals("forty-two", NumberPairs.english(42));
        assertEquals("zweiundvierzig", NumberPairs.german(42));
        for (long n : new long[] {42, 1305, 121_121, 999_999, 70_017}) {
            assertFalse(NumberPairs.german(n).contains("\u00AD"), "soft hyphen in " + n);
            NumberPairs.Pair p = NumberPairs.pair(n);
            assertEquals(p.targetText(), NumberPairs.germanText(p.target()), "German tokens join back for " + n);
        }
        assertEquals(List.of("forty", "-", "two"), NumberPairs.pair(42).source());
        assertEquals(List.of("zwei", "und", "vierzig"), NumberPairs.pair(42).target());
        assertEquals(List.of("ein", "hundert", "eins"), NumberPairs.pair(101).target());
        assertEquals(List.of("siebzehn", "tausend", "dreizehn"), NumberPairs.pair(17_013).target());
    }

    @Test
    void everyNumberBelowAMillionTokenises() {
        for (long n = 0; n < 1_000_000; n += 997) {
            NumberPairs.Pair p = NumberPairs.pair(n);
            assertTrue(p.source().size() <= 11 && p.target().size() <= 11, n + ": " + p);
        }
        AttentionLayerTest.rejects(() -> NumberPairs.germanTokens("zweiundvierzigx"), "text", "'x'");
        AttentionLayerTest.rejects(() -> NumberPairs.english(1_000_000), "n", "0..999999", "1000000");
    }

    @Test
    void splitIsDisjointAndDeterministic() {
        NumberPairs.Split a = NumberPairs.split(6, 2000, 300, 5);
        NumberPairs.Split b = NumberPairs.split(6, 2000, 300, 5);
        NumberPairs.Split c = NumberPairs.split(6, 2000, 300, 6);
        assertEquals(a.train(), b.train());
        assertEquals(a.test(), b.test());
        assertFalse(a.test().equals(c.test()), "another seed, another split");
        Set<Long> train = new HashSet<>();
        a.train().forEach(p -> train.add(p.number()));
        assertEquals(2000, train.size());
        for (long n = 0; n < 100; n++) {
            assertTrue(train.contains(n), "all numbers below 100 are in training");
        }
        Set<Long> test = new HashSet<>();
        for (NumberPairs.Pair p : a.test()) {
            assertFalse(train.contains(p.number()), p.number() + " is in both");
            assertTrue(p.number() >= 100);
            test.add(p.number());
        }
        assertEquals(300, test.size());
        AttentionLayerTest.rejects(() -> NumberPairs.split(7, 2000, 300, 5), "maxDigits", "got 7");
    }

    @Test
    void batchIsPaddedTimeMajorWithBosAndEos() {
        Vocabulary src = NumberPairs.sourceVocabulary();
        Vocabulary tgt = NumberPairs.targetVocabulary();
        Batch b = Batch.of(List.of(NumberPairs.pair(42), NumberPairs.pair(7)), src, tgt, DataType.FLOAT);
        assertEquals(3, b.sourceLength());
        assertEquals(4, b.targetLength());
        assertEquals(src.id("forty"), b.sourceIds()[0]);
        assertEquals(src.id("seven"), b.sourceIds()[1]);
        assertEquals(Vocabulary.PAD, b.sourceIds()[3]);          // "7" has one token
        assertEquals(1, b.sourceLength(1));
        assertEquals(Vocabulary.BOS, b.targetInput()[0]);
        assertEquals(tgt.id("zwei"), b.targetOutput()[0]);
        assertEquals(tgt.id("zwei"), b.targetInput()[2]);
        assertEquals(Vocabulary.EOS, b.targetOutput()[3]);        // step 1 of sequence 1: after "sieben"
        assertEquals(Vocabulary.EOS, b.targetOutput()[6]);        // step 3 of sequence 0
        assertEquals(List.of(0.0, 1.0), List.of(b.targetMask().getDouble(2, 1), b.targetMask().getDouble(1, 1)));
        assertEquals(List.of("zwei", "und", "vierzig"), tgt.decode(new int[] {tgt.id("zwei"), tgt.id("und"),
                tgt.id("vierzig"), Vocabulary.EOS, tgt.id("elf")}));
    }

    @Test
    void metricsOnWorkedExamples() {
        assertEquals(3, TranslationMetrics.levenshtein("kitten", "sitting"));
        assertEquals(0, TranslationMetrics.levenshtein("", ""));
        assertEquals(4, TranslationMetrics.levenshtein("", "vier"));
        // the swapped German number: "vier" ↔ "zwei" (4 substitutions) and "zwanzig" ↔ "vierzig" (3)
        assertEquals(7, TranslationMetrics.levenshtein("vierundzwanzig", "zweiundvierzig"));
        List<String> refs = List.of("zweiundvierzig", "sieben");
        List<String> hyps = List.of("vierundzwanzig", "sieben");
        assertEquals(0.5, TranslationMetrics.exactMatch(refs, hyps));
        assertEquals(7.0 / 20, TranslationMetrics.characterErrorRate(refs, hyps), 1e-12);
        double[] acc = TranslationMetrics.accuracyByLength(new int[] {1, 3, 3, 3}, new boolean[] {true, true, false, false});
        assertEquals(3, acc.length);
        assertEquals(1.0, acc[0]);
        assertTrue(Double.isNaN(acc[1]));
        assertEquals(1.0 / 3, acc[2], 1e-12);
        AttentionLayerTest.rejects(() -> TranslationMetrics.exactMatch(refs, List.of("x")), "references, hypotheses", "2 and 1");
    }
}
