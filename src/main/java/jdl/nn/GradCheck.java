package jdl.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradient checking by central differences, in double precision:
 * ∂L/∂θᵢ ≈ (L(θ + εeᵢ) − L(θ − εeᵢ)) / 2ε, compared with the backward pass by the relative error
 * |a − n| / max(|a| + |n|, 1e-8). A correct backward pass gives errors around 1e-8 or smaller; an
 * error above 1e-6 means a bug.
 */
public final class GradCheck {

    private GradCheck() {
    }

    /** The outcome: the worst relative error and where it occurred. */
    public record Result(double worstRelativeError, String variable, long index, double analytic, double numeric,
                         long checked, Map<String, Double> worstPerVariable) {

        /** Throws an AssertionError naming the variable and element if the worst error exceeds {@code tolerance}. */
        public Result assertBelow(double tolerance) {
            if (!(worstRelativeError <= tolerance)) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "gradient check failed: relative error %.3e > %.1e at %s[%d] (analytic %.10e, numeric %.10e); "
                                + "worst per variable %s", worstRelativeError, tolerance, variable, index, analytic,
                        numeric, worstPerVariable));
            }
            return this;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "checked %d partial derivatives; worst relative error %.2e at %s[%d]"
                    + " (analytic %.8f, numeric %.8f)", checked, worstRelativeError, variable, index, analytic, numeric);
        }
    }

    /** Something to check: {@code compute(true)} runs forward and backward (gradients into the params and inputs). */
    @FunctionalInterface
    public interface Objective {
        double compute(boolean backward);
    }

    /**
     * Checks every parameter of {@code params} (up to {@code perVariable} random elements each) plus the
     * named {@code inputs}, whose analytic gradients {@code inputGrads} supplies after a backward pass.
     */
    public static Result check(Params params, Map<String, INDArray> inputs,
                               java.util.function.Supplier<Map<String, INDArray>> inputGrads,
                               Objective objective, int perVariable, Rng rng) {
        if (params.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("params: gradient checks need DataType.DOUBLE, got " + params.dataType());
        }
        params.zeroGrad();
        objective.compute(true);
        Map<String, INDArray> variables = new LinkedHashMap<>();
        Map<String, INDArray> analytic = new LinkedHashMap<>();
        for (Param p : params.list()) {
            variables.put(p.name(), p.value());
            analytic.put(p.name(), p.grad().dup());
        }
        Map<String, INDArray> dInputs = inputGrads == null ? Map.of() : inputGrads.get();
        for (Map.Entry<String, INDArray> e : inputs.entrySet()) {
            INDArray g = dInputs.get(e.getKey());
            if (g == null) {
                throw new IllegalArgumentException("inputGrads: no gradient for input '" + e.getKey() + "'");
            }
            variables.put("input " + e.getKey(), e.getValue());
            analytic.put("input " + e.getKey(), g.dup());
        }
        return compare(variables, analytic, () -> objective.compute(false), 1e-6, perVariable, rng);
    }

    /**
     * Checks a layer: L = Σ forward(x) ⊙ R for a fixed random R, so ∂L/∂out = R. Covers the layer's
     * parameters and its input gradient.
     */
    public static Result layer(Layer layer, Params params, INDArray x, int perVariable, Rng rng) {
        if (x.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("x: gradient checks need DataType.DOUBLE, got " + x.dataType());
        }
        INDArray R = rng.normal(DataType.DOUBLE, 1.0, layer.forward(x).shape());
        INDArray[] dx = new INDArray[1];
        return check(params, Map.of("x", x), () -> Map.of("x", dx[0]), backward -> {
            INDArray out = layer.forward(x);
            if (backward) {
                dx[0] = layer.backward(R);
            }
            return out.mul(R).sumNumber().doubleValue();
        }, perVariable, rng);
    }

    /** The core comparison: perturbs elements of each variable in place and restores them. */
    public static Result compare(Map<String, INDArray> variables, Map<String, INDArray> analytic, DoubleSupplier loss,
                                 double eps, int perVariable, Rng rng) {
        double worst = 0;
        String worstVar = null;
        long worstIndex = -1;
        double worstA = 0;
        double worstN = 0;
        long checked = 0;
        Map<String, Double> perVar = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : variables.entrySet()) {
            INDArray v = e.getValue();
            if (v.dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException(e.getKey() + ": gradient checks need DataType.DOUBLE, got " + v.dataType());
            }
            INDArray a = analytic.get(e.getKey()).reshape(v.length());
            INDArray flat = v.reshape(v.length());   // a view: v is contiguous
            for (long i : indices(v.length(), perVariable, rng)) {
                double original = flat.getDouble(i);
                flat.putScalar(i, original + eps);
                double plus = loss.getAsDouble();
                flat.putScalar(i, original - eps);
                double minus = loss.getAsDouble();
                flat.putScalar(i, original);
                double numeric = (plus - minus) / (2 * eps);
                double an = a.getDouble(i);
                double rel = Math.abs(an - numeric) / Math.max(Math.abs(an) + Math.abs(numeric), 1e-8);
                checked++;
                perVar.merge(e.getKey(), rel, Math::max);
                if (rel > worst || worstVar == null) {
                    worst = rel;
                    worstVar = e.getKey();
                    worstIndex = i;
                    worstA = an;
                    worstN = numeric;
                }
            }
        }
        return new Result(worst, worstVar, worstIndex, worstA, worstN, checked, perVar);
    }

    private static List<Long> indices(long length, int perVariable, Rng rng) {
        List<Long> idx = new ArrayList<>();
        if (perVariable <= 0 || length <= perVariable) {
            for (long i = 0; i < length; i++) {
                idx.add(i);
            }
        } else {
            int[] perm = rng.permutation((int) length);
            for (int i = 0; i < perVariable; i++) {
                idx.add((long) perm[i]);
            }
        }
        return idx;
    }

    /** A random double-precision array, for gradient-check inputs. */
    public static INDArray randomInput(Rng rng, long... shape) {
        return rng.normal(DataType.DOUBLE, 1.0, shape);
    }

    static INDArray zerosLike(INDArray x) {
        return Nd4j.zeros(x.dataType(), x.shape());
    }
}
