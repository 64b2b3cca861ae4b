package jdl.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import jdl.notebook.Checks.OutcomeCheckFailed;

class ChecksTest {

    @Test
    void passingChecksReturnTheValue() {
        assertEquals(0.9, Checks.checkAtLeast("accuracy", 0.9, 0.85));
        assertEquals(0.1, Checks.checkAtMost("loss", 0.1, 0.2));
        assertEquals(0.5, Checks.checkBetween("D(x)", 0.5, 0.4, 0.6));
        assertEquals(1.38, Checks.checkClose("V", 1.38, 1.386, 0.15));
        assertEquals(20000, Checks.checkEquals("train size", 20000, 20000));
    }

    @Test
    void failingChecksSayWhatWasExpected() {
        assertEquals("Check failed: test accuracy is 0.5000, expected at least 0.8500",
                assertThrows(OutcomeCheckFailed.class, () -> Checks.checkAtLeast("test accuracy", 0.5, 0.85)).getMessage());
        assertEquals("Check failed: loss is 3, expected at most 0.1000",
                assertThrows(OutcomeCheckFailed.class, () -> Checks.checkAtMost("loss", 3, 0.1)).getMessage());
        assertEquals("Check failed: D(x) is 0.9000, expected within [0.4000, 0.6000]",
                assertThrows(OutcomeCheckFailed.class, () -> Checks.checkBetween("D(x)", 0.9, 0.4, 0.6)).getMessage());
        assertEquals("Check failed: V is 2, expected 1.3860 ± 0.1500 (off by 0.6140)",
                assertThrows(OutcomeCheckFailed.class, () -> Checks.checkClose("V", 2, 1.386, 0.15)).getMessage());
        assertEquals("Check failed: size is 3, expected 4",
                assertThrows(OutcomeCheckFailed.class, () -> Checks.checkEquals("size", 3, 4)).getMessage());
        assertEquals("Check failed: the loss fell",
                assertThrows(OutcomeCheckFailed.class, () -> Checks.check(false, "the loss fell")).getMessage());
    }

    @Test
    void nanNeverPasses() {
        OutcomeCheckFailed e = assertThrows(OutcomeCheckFailed.class, () -> Checks.checkAtMost("loss", Double.NaN, 1));
        assertEquals("Check failed: loss is NaN: the computation that produced it diverged or divided by zero",
                e.getMessage());
        assertThrows(OutcomeCheckFailed.class, () -> Checks.checkBetween("x", Double.NaN, 0, 1));
    }

    @Test
    void invertedBoundsAreAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> Checks.checkBetween("x", 0.5, 1, 0));
    }
}
