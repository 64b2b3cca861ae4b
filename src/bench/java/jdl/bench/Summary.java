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
 * Turns JMH's CSV results (AverageTime in ms/op) into a markdown table: ms per step, steps/s, GFLOP/s from
 * each benchmark class's analytic {@code FLOPS}, and the time ratio ours/DL4J (above 1: ours is slower).
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
        out.append("| benchmark | OMP_NUM_THREADS | ms/step (±99.9% CI) | steps/s | GFLOP/s | time ours/DL4J |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (int i = 1; i < args.length; i++) {
            Path csv = Path.of(args[i]);
            if (!Files.exists(csv)) {
                continue;
            }
            String threads = csv.getFileName().toString().replace("omp-", "").replace(".csv", "");
            List<Row> rows = read(csv);
            Map<String, Double> ours = new LinkedHashMap<>();
            rows.stream().filter(r -> r.method.equals(OURS.getOrDefault(r.bench, "ours")))
                    .forEach(r -> ours.put(r.bench, r.ms));
            for (Row r : rows) {
                double flops = FLOPS.getOrDefault(r.bench + "." + r.method, FLOPS.getOrDefault(r.bench, Double.NaN));
                String ratio = "";
                if (r.method.startsWith("dl4j") && ours.containsKey(r.bench)) {
                    ratio = String.format(Locale.ROOT, "%.2f", ours.get(r.bench) / r.ms);
                }
                out.append(String.format(Locale.ROOT, "| %s.%s | %s | %.3f ± %.3f | %.1f | %.1f | %s |%n",
                        r.bench, r.method, threads, r.ms, r.error, 1000.0 / r.ms, flops / (r.ms * 1e6), ratio));
            }
        }
        out.append("\nGFLOP/s = analytic FLOPs per step / time per step (see each benchmark's javadoc: ")
                .append(String.format(Locale.ROOT, "gemm %.4g, MLP %.4g, RNN %.4g, LSTM %.4g, GRU %.4g FLOPs per step).%n",
                        GemmBench.FLOPS, MlpBench.FLOPS, RnnBench.FLOPS, LstmBench.FLOPS_LSTM, LstmBench.FLOPS_GRU));
        System.out.print(out);
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
