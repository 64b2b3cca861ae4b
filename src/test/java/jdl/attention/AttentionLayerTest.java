package jdl.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.nn.GradCheck;
import jdl.nn.Params;
import jdl.nn.Rng;

/** Additive and dot-product attention: gradient checks with a mask, weights that sum to 1, bad input. */
class AttentionLayerTest {

    private static final int N = 3;
    private static final int S = 5;
    private static final int H = 4;

    /** Rows of different lengths: 5, 3 and 1 real keys. */
    private static INDArray mask() {
        return Nd4j.create(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 0, 0, 0, 0}});
    }

    /** L = Σ_i Σ c_i ⊙ R_i over three steps with their own queries; checks parameters, keys and queries. */
    private static GradCheck.Result check(Attention attention, Params params, Rng rng) {
        INDArray keys = GradCheck.randomInput(rng, N, S, H);
        INDArray[] q = {GradCheck.randomInput(rng, N, H), GradCheck.randomInput(rng, N, H), GradCheck.randomInput(rng, N, H)};
        INDArray[] r = {GradCheck.randomInput(rng, N, H), GradCheck.randomInput(rng, N, H), GradCheck.randomInput(rng, N, H)};
        INDArray[] grads = new INDArray[4];
        return GradCheck.check(params, Map.of("keys", keys, "q0", q[0], "q1", q[1], "q2", q[2]),
                () -> Map.of("keys", grads[3], "q0", grads[0], "q1", grads[1], "q2", grads[2]), backward -> {
                    Attention.Memory m = attention.memory(keys, mask());
                    Attention.Step[] steps = new Attention.Step[3];
                    double loss = 0;
                    for (int i = 0; i < 3; i++) {
                        steps[i] = attention.forward(m, q[i]);
                        loss += steps[i].context().mul(r[i]).sumNumber().doubleValue();
                    }
                    if (backward) {
                        for (int i = 2; i >= 0; i--) {
                            grads[i] = attention.backward(steps[i], r[i]);
                        }
                        grads[3] = attention.keysBackward(m);
                    }
                    return loss;
                }, 0, rng);
    }

    @Test
    void additiveAttentionPassesTheGradientCheckWithAMask() {
        Params p = new Params(DataType.DOUBLE);
        Rng rng = new Rng(1);
        AdditiveAttention attention = new AdditiveAttention(p, "att", H, H, 3, rng);
        GradCheck.Result r = check(attention, p, rng);
        System.out.println("additive attention: " + r);
        r.assertBelow(1e-6);
    }

    @Test
    void dotAttentionPassesTheGradientCheckWithAMask() {
        Params p = new Params(DataType.DOUBLE);
        Rng rng = new Rng(2);
        GradCheck.Result r = check(new DotAttention(H, true, DataType.DOUBLE), p, rng);
        System.out.println("dot attention: " + r);
        r.assertBelow(1e-6);
    }

    @Test
    void weightsSumToOneAndPaddedKeysGetExactlyZero() {
        Params p = new Params(DataType.FLOAT);
        Rng rng = new Rng(3);
        for (Attention attention : new Attention[] {new AdditiveAttention(p, "att", H, 6, 8, rng),
                new DotAttention(H, false, DataType.FLOAT)}) {
            INDArray keys = rng.normal(DataType.FLOAT, 3.0, N, S, H);
            Attention.Memory m = attention.memory(keys, mask().castTo(DataType.FLOAT));
            Attention.Step step = attention.forward(m, rng.normal(DataType.FLOAT, 3.0, N, attention.querySize()));
            double[][] alpha = step.weights().castTo(DataType.DOUBLE).toDoubleMatrix();
            double[][] mask = mask().toDoubleMatrix();
            for (int n = 0; n < N; n++) {
                double sum = 0;
                for (int j = 0; j < S; j++) {
                    sum += alpha[n][j];
                    if (mask[n][j] == 0) {
                        assertEquals(0.0, alpha[n][j], "padded key " + j + " of row " + n);
                    } else {
                        assertTrue(alpha[n][j] >= 0);
                    }
                }
                assertEquals(1.0, sum, 1e-6, "row " + n);
            }
            assertEquals(1.0, alpha[2][0], 1e-6, "a row with one real key puts all weight on it");
            // the context is the weighted sum of the keys
            INDArray expected = Nd4j.zeros(DataType.FLOAT, H);
            for (int j = 0; j < S; j++) {
                expected.addi(keys.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(j), org.nd4j.linalg.indexing.NDArrayIndex.all())
                        .mul(alpha[1][j]));
            }
            assertTrue(expected.sub(step.context().getRow(1)).amaxNumber().doubleValue() < 1e-5);
        }
    }

    @Test
    void badInputNamesTheArgumentWithExpectedAndActualShape() {
        Params p = new Params(DataType.DOUBLE);
        AdditiveAttention attention = new AdditiveAttention(p, "att", H, 6, 8, new Rng(4));
        rejects(() -> attention.memory(Nd4j.zeros(DataType.DOUBLE, N, H), null), "keys", "rank 3", "[3, 4]");
        rejects(() -> attention.memory(Nd4j.zeros(DataType.DOUBLE, N, S, 7), null), "keys", "last dimension 4", "[3, 5, 7]");
        rejects(() -> attention.memory(Nd4j.zeros(DataType.DOUBLE, N, S, H), Nd4j.ones(DataType.DOUBLE, N, S + 1)),
                "mask", "[3, 5]", "[3, 6]");
        rejects(() -> attention.memory(Nd4j.zeros(DataType.DOUBLE, N, S, H), Nd4j.zeros(DataType.DOUBLE, N, S)),
                "mask", "at least one real key", "row 0");
        Attention.Memory m = attention.memory(Nd4j.zeros(DataType.DOUBLE, N, S, H), null);
        rejects(() -> attention.forward(m, Nd4j.zeros(DataType.DOUBLE, N, H)), "query", "[3, 6]", "[3, 4]");
        rejects(() -> attention.forward(m, Nd4j.zeros(DataType.FLOAT, N, 6)), "query", "DOUBLE", "FLOAT");
        Attention.Step step = attention.forward(m, Nd4j.zeros(DataType.DOUBLE, N, 6));
        rejects(() -> attention.backward(step, Nd4j.zeros(DataType.DOUBLE, N, 6)), "dContext", "[3, 4]", "[3, 6]");
        rejects(() -> new AdditiveAttention(p, "att2", H, 6, 0, new Rng(5)), "att2", "attentionSize", "got 0");
    }

    static void rejects(org.junit.jupiter.api.function.Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }
}
