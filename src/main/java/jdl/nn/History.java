package jdl.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a training run recorded: the loss at every step and any metrics evaluated along the way. */
public final class History {

    private final List<Double> losses = new ArrayList<>();
    private final Map<String, List<double[]>> metrics = new LinkedHashMap<>();
    private double seconds;

    void addLoss(double loss) {
        losses.add(loss);
    }

    /** Records {@code value} of metric {@code name} at {@code step}. */
    public void record(String name, int step, double value) {
        metrics.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {step, value});
    }

    void setSeconds(double seconds) {
        this.seconds = seconds;
    }

    /** The training loss of every step, step 1 first. */
    public double[] losses() {
        return losses.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The mean loss of the last {@code n} steps (smoother than the last one). */
    public double recentLoss(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n: expected at least 1 step, got " + n);
        }
        int from = Math.max(0, losses.size() - n);
        return losses.subList(from, losses.size()).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** The steps at which {@code name} was evaluated. */
    public double[] metricSteps(String name) {
        return series(name, 0);
    }

    /** The values of {@code name}, in evaluation order. */
    public double[] metric(String name) {
        return series(name, 1);
    }

    /** The last value of {@code name}. */
    public double last(String name) {
        double[] v = metric(name);
        if (v.length == 0) {
            throw new IllegalArgumentException("name: metric '" + name + "' was never recorded; have " + metrics.keySet());
        }
        return v[v.length - 1];
    }

    public java.util.Set<String> metricNames() {
        return metrics.keySet();
    }

    /** Wall-clock seconds the run took. */
    public double seconds() {
        return seconds;
    }

    private double[] series(String name, int column) {
        List<double[]> rows = metrics.getOrDefault(name, List.of());
        return rows.stream().mapToDouble(r -> r[column]).toArray();
    }
}
