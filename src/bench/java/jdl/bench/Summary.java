package jdl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's CSV results (AverageTime in ms/op) into a markdown table: ms per step, the mean of every fork and the
 * spread between forks, GFLOP/s from each benchmark class's analytic {@code FLOPS}, the floor (those FLOPs at the best
 * gemm rate of the same run) and the step's share of it, and DL4J's time over ours (above 1: ours is faster).
 *
 * <p>Usage: {@code Summary env.txt omp-1.csv omp-default.csv} (the OMP_NUM_THREADS setting is read from
 * the file name).
 */
public final class Summary {

    private static final Map<String, Double> FLOPS = Map.of(
            "GemmBench", GemmBench.FLOPS,
            "MlpBench", MlpBench.FLOPS,
            "RnnBench", RnnBench.FLOPS,
            "LstmBench.lstm", LstmBench.FLOPS_LSTM,
            "LstmBench.dl4jLstm", LstmBench.FLOPS_LSTM,
            "LstmBench.gru", LstmBench.FLOPS_GRU,
            "TransformerBench.encoderBlock", TransformerBench.FLOPS_BLOCK,
            "TransformerBench.gemm1024x128x512", TransformerBench.FLOPS_GEMM_FFN,
            "TransformerBench.gemm512", TransformerBench.FLOPS_GEMM_512);

    /** Which of our methods a DL4J row is compared with ("ours" unless named here). */
    private static final Map<String, String> OURS = Map.of("LstmBench", "lstm");

    private record Row(String bench, String method, double ms, double error) {
    }

    public static void main(String[] args) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("```\n").append(Files.readString(Path.of(args[0])).strip()).append("\n```\n\n");
        out.append("| benchmark | OMP_NUM_THREADS | ms/step (±99.9% CI) | fork means (ms) | slowest/fastest fork | GFLOP/s "
                + "| floor (ms) | share of floor | DL4J time / ours |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 1; i < args.length; i++) {
            Path csv = Path.of(args[i]);
            if (!Files.exists(csv)) {
                continue;
            }
            String threads = csv.getFileName().toString().replace("omp-", "").replace(".csv", "");
            Map<String, List<Double>> forks = forkMeans(csv.resolveSibling("log-omp-" + threads + ".txt"));
            List<Row> rows = read(csv);
            // the floor: each step's matrix products at the best gemm rate of this run
            double bestRate = rows.stream().filter(r -> r.method.startsWith("gemm"))
                    .mapToDouble(r -> FLOPS.getOrDefault(r.bench + "." + r.method, FLOPS.getOrDefault(r.bench, Double.NaN)) / r.ms)
                    .filter(Double::isFinite).max().orElse(Double.NaN);          // FLOPs per ms
            Map<String, Double> ours = new LinkedHashMap<>();
            rows.stream().filter(r -> r.method.equals(OURS.getOrDefault(r.bench, "ours")))
                    .forEach(r -> ours.put(r.bench, r.ms));
            for (Row r : rows) {
                double flops = FLOPS.getOrDefault(r.bench + "." + r.method, FLOPS.getOrDefault(r.bench, Double.NaN));
                String ratio = "";
                if (r.method.startsWith("dl4j") && ours.containsKey(r.bench)) {
                    ratio = String.format(Locale.ROOT, "%.2f", r.ms / ours.get(r.bench));
                }
                List<Double> means = forks.getOrDefault(r.bench + "." + r.method, List.of());
                String forkList = means.stream().map(m -> String.format(Locale.ROOT, "%.2f", m))
                        .collect(java.util.stream.Collectors.joining(", "));
                double spread = means.isEmpty() ? Double.NaN
                        : means.stream().mapToDouble(Double::doubleValue).max().getAsDouble()
                        / means.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
                double floor = flops / bestRate;
                boolean isGemm = r.method.startsWith("gemm");
                out.append(String.format(Locale.ROOT, "| %s.%s | %s | %.3f ± %.3f | %s | %s | %.1f | %s | %s | %s |%n",
                        r.bench, r.method, threads, r.ms, r.error, forkList,
                        Double.isNaN(spread) ? "" : String.format(Locale.ROOT, "%.2f", spread), flops / (r.ms * 1e6),
                        isGemm || Double.isNaN(floor) ? "" : String.format(Locale.ROOT, "%.2f", floor),
                        isGemm || Double.isNaN(floor) ? "" : String.format(Locale.ROOT, "%.0f %%", 100 * floor / r.ms), ratio));
            }
        }
        out.append("\nGFLOP/s = analytic FLOPs per step / time per step (see each benchmark's javadoc: ")
                .append(String.format(Locale.ROOT, "gemm %.4g, MLP %.4g, RNN %.4g, LSTM %.4g, GRU %.4g, Transformer block %.4g "
                        + "FLOPs per step). Floor = those FLOPs at the best gemm rate of the same run; share of floor = floor / "
                        + "time. Fork means: the mean of each forked JVM's measured iterations (from JMH's log).%n",
                        GemmBench.FLOPS, MlpBench.FLOPS, RnnBench.FLOPS, LstmBench.FLOPS_LSTM, LstmBench.FLOPS_GRU,
                        TransformerBench.FLOPS_BLOCK));
        System.out.print(out);
    }

    /** Per benchmark, the mean of each fork's measured iterations, read from JMH's console log. */
    private static Map<String, List<Double>> forkMeans(Path log) throws IOException {
        Map<String, List<Double>> means = new LinkedHashMap<>();
        if (!Files.exists(log)) {
            return means;
        }
        String bench = null;
        List<Double> current = null;
        for (String line : Files.readAllLines(log)) {
            line = line.strip();
            if (line.startsWith("# Benchmark:")) {
                String[] parts = line.substring("# Benchmark:".length()).strip().split("\\.");
                bench = parts[parts.length - 2] + "." + parts[parts.length - 1];
                current = null;
            } else if (line.startsWith("# Fork:")) {
                current = new ArrayList<>();
                means.computeIfAbsent(bench, k -> new ArrayList<>());
            } else if (line.startsWith("Iteration") && current != null && line.endsWith("ms/op")) {
                String value = line.substring(line.indexOf(':') + 1).replace("ms/op", "").strip();
                current.add(Double.parseDouble(value));
                int total = means.get(bench).size();
                if (current.size() == 1) {
                    means.get(bench).add(Double.NaN);
                    total++;
                }
                means.get(bench).set(total - 1, current.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
            }
        }
        return means;
    }

    private static List<Row> read(Path csv) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length < 7) {
                continue;
            }
            String name = f[0].replace("\"", "");             // jdl.bench.RnnBench.ours
            String unit = f[6].replace("\"", "");
            if (!unit.equals("ms/op")) {
                throw new IllegalStateException(csv + ": expected ms/op, got " + unit);
            }
            String[] parts = name.split("\\.");
            String bench = parts[parts.length - 2];
            String method = parts[parts.length - 1];
            double error = f[5].isBlank() || f[5].contains("NaN") ? Double.NaN : Double.parseDouble(f[5]);
            rows.add(new Row(bench, method, Double.parseDouble(f[4]), error));
        }
        return rows;
    }
}
