package jdl.nn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The float σ and tanh of the gate loops against Math.exp-based doubles, on a dense sweep and at the ends. */
class FastMathTest {

    private static final int POINTS = 2_000_001;

    @Test
    void sigmoidAndTanhAreWithinAFewFloatUlpsOfTheDoubleFormulasOnASweep() {
        double worstSigmoid = 0;
        double worstTanh = 0;
        for (int k = 0; k < POINTS; k++) {
            float x = (float) (-30 + 60.0 * k / (POINTS - 1));
            double sigmoid = 1 / (1 + Math.exp(-(double) x));
            double tanh = Math.tanh(x);
            worstSigmoid = Math.max(worstSigmoid, Math.abs(FastMath.sigmoid(x) - sigmoid));
            worstTanh = Math.max(worstTanh, Math.abs(FastMath.tanh(x) - tanh));
        }
        System.out.printf("max abs error on [-30, 30], %d points: sigmoid %.3g, tanh %.3g%n", POINTS, worstSigmoid, worstTanh);
        assertTrue(worstSigmoid < 3e-7, "sigmoid max abs error " + worstSigmoid);
        assertTrue(worstTanh < 5e-7, "tanh max abs error " + worstTanh);
    }

    @Test
    void theEndsSaturateWithoutInfinityOrNaN() {
        for (float x : new float[] {-1e30f, -1000, -88, 88, 89, 1000, 1e30f, Float.MAX_VALUE, -Float.MAX_VALUE}) {
            assertTrue(Float.isFinite(FastMath.sigmoid(x)) && Float.isFinite(FastMath.tanh(x)), "at " + x);
        }
        assertEquals(1f, FastMath.sigmoid(200), 3e-7f);
        assertEquals(0f, FastMath.sigmoid(-200), 3e-7f);
        assertEquals(1f, FastMath.tanh(50), 4e-7f);
        assertEquals(-1f, FastMath.tanh(-50), 4e-7f);
        for (float x = -40; x <= 40; x += 0.01f) {
            float s = FastMath.sigmoid(x);
            float t = FastMath.tanh(x);
            assertTrue(s >= 0 && s <= 1 && t >= -1 && t <= 1, "sigmoid and tanh stay in their ranges at " + x);
        }
        assertEquals(0f, FastMath.tanh(0), 0f);
        assertTrue(Float.isNaN(FastMath.sigmoid(Float.NaN)) && Float.isNaN(FastMath.tanh(Float.NaN)),
                "a NaN stays NaN, so the training loop's check still sees it");
    }
}
