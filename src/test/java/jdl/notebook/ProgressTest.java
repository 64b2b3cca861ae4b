package jdl.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProgressTest {

    private static String captureStdout(Runnable body) {
        PrintStream old = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(old);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void outsideAKernelItPrintsAPlainLineEveryTenth() {
        String out = captureStdout(() -> {
            Progress p = Progress.start("fit", 100);
            assertFalse(p.isLive());
            for (int step = 1; step <= 100; step++) {
                p.step(step, 1.0 / step);
            }
            p.finish();
            assertEquals(100, p.losses().length);
        });
        String[] lines = out.strip().split("\n");
        assertEquals(11, lines.length, out);
        assertTrue(lines[0].startsWith("fit [....") && lines[0].contains(" 1/100 "), lines[0]);
        assertTrue(lines[10].contains("100/100  loss 0.0100"), lines[10]);
        assertFalse(out.contains("\r"), "plain lines, no carriage returns");
    }

    @Test
    void stoppingEarlyPrintsTheLastStep() {
        String out = captureStdout(() -> {
            Progress p = Progress.plain("fit", 1000);
            for (int step = 1; step <= 150; step++) {
                p.step(step, 2.0);
            }
            p.finish();
        });
        String[] lines = out.strip().split("\n");
        assertEquals(3, lines.length, out);
        assertTrue(lines[1].contains(" 100/1000 "), lines[1]);
        assertTrue(lines[2].contains(" 150/1000 "), lines[2]);
    }

    @Test
    void recordsLossesAndSteps() {
        Progress p = Progress.plain("fit", 3);
        captureStdout(() -> {
            p.step(1, 3);
            p.step(2, 2);
            p.step(3, 1);
        });
        assertArrayEquals(new double[] {3, 2, 1}, p.losses());
        assertArrayEquals(new double[] {1, 2, 3}, p.steps());
        assertEquals(1, p.chart().getSeriesMap().size());
    }

    @Test
    void aNanLossStopsTrainingAndSaysWhere() {
        Progress p = Progress.plain("GAN", 10);
        captureStdout(() -> p.step(1, 0.7));
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> p.step(2, Double.NaN));
        assertEquals("GAN: the loss became NaN at step 2 (last finite loss 0.7000); training diverged:"
                + " lower the learning rate or clip the gradients", e.getMessage());
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals("total: expected at least 1 step, got 0",
                assertThrows(IllegalArgumentException.class, () -> Progress.plain("x", 0)).getMessage());
        Progress p = Progress.plain("x", 5);
        assertEquals("step: expected 1..5, got 6",
                assertThrows(IllegalArgumentException.class, () -> p.step(6, 1)).getMessage());
    }
}
