package jdl.transformer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import jdl.nn.GradCheck;
import jdl.nn.Param;
import jdl.nn.Params;
import jdl.nn.Rng;

/**
 * The gradient check of the Transformer tests: central differences with ε = 1e-5. The error of the central
 * difference, O(ε²), was measured at the worst element of the language model: 2.5e-4 relative with ε = 1e-3,
 * 2.5e-6 with 1e-4, 2.3e-8 with 1e-5 (the analytic value unchanged); the rounding noise of the objective divided
 * by 2ε is near 1e-10 absolute (measured: 4e-11 on an element whose gradient is 1.2e-5, i.e. 1.7e-6 relative).
 * So an element passes with a relative error ≤ 1e-6, or, where |analytic| + |numeric| &lt; 1e-4, with an absolute
 * error ≤ 1e-9 (ten times that noise floor; a wrong formula misses by the size of the gradient itself).
 *
 * <p>The key bias b_K is special: it adds q·b_K to every score of a query's row, and softmax ignores a constant
 * added to a whole row, so ∂L/∂b_K = 0 exactly. A relative error of 0 against rounding noise is meaningless;
 * instead the key part of every fused bias is required to have an analytic gradient below 1e-12, and only the
 * query and value parts go through the comparison.
 */
final class TransformerChecks {

    static final double EPS = 1e-5;

    private TransformerChecks() {
    }

    static GradCheck.Result check(String what, Params params, Map<String, INDArray> inputs,
                                  Supplier<Map<String, INDArray>> inputGrads, GradCheck.Objective objective,
                                  int perVariable, Rng rng) {
        params.zeroGrad();
        objective.compute(true);
        Map<String, INDArray> variables = new LinkedHashMap<>();
        Map<String, INDArray> analytic = new LinkedHashMap<>();
        for (Param p : params.list()) {
            String name = p.name();
            long n = p.length();
            if (name.endsWith(".qkv.b") || name.endsWith(".kv.b")) {
                boolean self = name.endsWith(".qkv.b");
                long d = self ? n / 3 : n / 2;
                long keyFrom = self ? d : 0;
                INDArray keyGrad = slice(p.grad(), keyFrom, keyFrom + d);
                double worst = keyGrad.amaxNumber().doubleValue();
                assertTrue(worst <= 1e-12, what + ": key bias " + name + " should have no gradient, got " + worst);
                if (self) {
                    variables.put(name + "[Q]", slice(p.value(), 0, d));
                    analytic.put(name + "[Q]", slice(p.grad(), 0, d).dup());
                }
                variables.put(name + "[V]", slice(p.value(), n - d, n));
                analytic.put(name + "[V]", slice(p.grad(), n - d, n).dup());
            } else {
                variables.put(name, p.value());
                analytic.put(name, p.grad().dup());
            }
        }
        Map<String, INDArray> dInputs = inputGrads == null ? Map.of() : inputGrads.get();
        for (Map.Entry<String, INDArray> e : inputs.entrySet()) {
            variables.put("input " + e.getKey(), e.getValue());
            analytic.put("input " + e.getKey(), dInputs.get(e.getKey()).dup());
        }
        int count = 0;
        double worstRel = 0;
        double worstSmallAbs = 0;
        String failure = null;
        for (Map.Entry<String, INDArray> e : variables.entrySet()) {
            INDArray flat = e.getValue().reshape(e.getValue().length());          // views: perturbing them changes the model
            INDArray grad = analytic.get(e.getKey()).reshape(flat.length());
            int n = (int) flat.length();
            int[] order = rng.permutation(n);
            for (int k = 0; k < Math.min(n, perVariable <= 0 ? n : perVariable); k++) {
                int i = order[k];
                String name = e.getKey() + "[" + i + "]";
                INDArray element = flat.get(NDArrayIndex.interval(i, i + 1));
                // one element at a time through the library's comparison (its perturb-and-restore code)
                GradCheck.Result r = GradCheck.compare(Map.of(name, element),
                        Map.of(name, grad.get(NDArrayIndex.interval(i, i + 1))), () -> objective.compute(false), EPS, 0, rng);
                count++;
                double size = Math.abs(r.analytic()) + Math.abs(r.numeric());
                if (size >= 1e-4) {
                    worstRel = Math.max(worstRel, r.worstRelativeError());
                    if (r.worstRelativeError() > 1e-6 && failure == null) {
                        failure = r.toString();
                    }
                } else {
                    double abs = Math.abs(r.analytic() - r.numeric());
                    worstSmallAbs = Math.max(worstSmallAbs, abs);
                    if (abs > 1e-9 && failure == null) {
                        failure = r.toString();
                    }
                }
            }
        }
        String summary = String.format(java.util.Locale.ROOT, "%s: checked %d partial derivatives; worst relative error"
                + " %.2e (absolute %.1e on gradients below 1e-4)", what, count, worstRel, worstSmallAbs);
        System.out.println(summary);
        if (failure != null) {
            throw new AssertionError(summary + "; failed: " + failure);
        }
        return new GradCheck.Result(worstRel, what, -1, 0, 0, count, Map.of());
    }

    private static INDArray slice(INDArray row, long from, long to) {
        return row.get(NDArrayIndex.point(0), NDArrayIndex.interval(from, to));
    }
}
